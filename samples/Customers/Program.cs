using Customers;
using Customers.LocalPostgres;
using WorkerSockets.Hosting;

// With DB (or HYPERDRIVE) configured, serve against that database and start nothing else.
if (DevDatabase.IsConfigured())
{
    await WorkerHost.RunAsync<CustomersWorker>(args);
    return;
}

// Otherwise: a throwaway PostgreSQL with TLS, removed again on Ctrl+C.
Console.WriteLine("No DB configured: starting a throwaway PostgreSQL cluster with TLS...");
LocalPostgresRole role = CustomersSeed.CreateWorkerRole();
await using LocalPostgresCluster cluster = await LocalPostgresCluster.StartAsync(CustomersSeed.Database, [role], CustomersSeed.Sql);
Environment.SetEnvironmentVariable("DB", cluster.ConnectionString(role, "require"));
Console.WriteLine($"PostgreSQL {cluster.Host}:{cluster.Port}, database {cluster.Database}, data in {cluster.RootDirectory}");
await WorkerHost.RunAsync<CustomersWorker>(args);
