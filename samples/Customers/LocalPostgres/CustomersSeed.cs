using System.Security.Cryptography;

namespace Customers.LocalPostgres;

/// <summary>The sample's database: the <c>customers</c> table, a few rows, and the role the worker logs in as.</summary>
public static class CustomersSeed
{
    /// <summary>The database name.</summary>
    public const string Database = "shop";

    /// <summary>Creates and fills <c>customers</c>, and lets every login role read it.</summary>
    public const string Sql = """
        CREATE TABLE customers (
            id         integer PRIMARY KEY,
            name       text    NOT NULL,
            email      text    NOT NULL,
            city       text,
            vip        boolean NOT NULL DEFAULT false,
            created_on date    NOT NULL
        );
        INSERT INTO customers (id, name, email, city, vip, created_on) VALUES
            (1, 'Ada Lovelace',     'ada@example.com',     'London',    true,  '2024-01-15'),
            (2, 'Grace Hopper',     'grace@example.com',   'Arlington', false, '2024-02-29'),
            (3, 'Edsger Dijkstra',  'edsger@example.com',  'Nuenen',    false, '2024-03-01'),
            (4, 'Barbara Liskov',   'barbara@example.com', NULL,        true,  '2024-04-30'),
            (5, 'Zoë "Quotes" O''Hara', 'zoe@example.com', 'Dún Laoghaire', false, '2024-05-05');
        GRANT SELECT ON customers TO PUBLIC;
        """;

    /// <summary>A role for the worker with a fresh random password: SCRAM-SHA-256 (PostgreSQL's default), over TLS only.</summary>
    /// <returns>The role.</returns>
    public static LocalPostgresRole CreateWorkerRole()
        => new("customers_worker", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), "scram-sha-256", TlsOnly: true);
}
