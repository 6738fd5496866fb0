using System.Text;
using Customers.Postgres;

namespace WorkerSockets.Samples.Tests.Postgres;

public sealed class ScramSha256Tests
{
    // RFC 7677, section 3.
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    [Fact]
    public void Produces_the_RFC_7677_client_messages()
    {
        var scram = new ScramSha256("pencil", "user", "rOprNGfwEbeRWgbNEkqO");

        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Encoding.UTF8.GetString(scram.ClientFirstMessage()));
        Assert.Equal(
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            Encoding.UTF8.GetString(scram.ClientFinalMessage(ServerFirst)));
    }

    [Fact]
    public void Accepts_the_RFC_7677_server_signature()
    {
        var scram = new ScramSha256("pencil", "user", "rOprNGfwEbeRWgbNEkqO");
        scram.ClientFinalMessage(ServerFirst);

        scram.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void Rejects_a_server_that_does_not_know_the_password()
    {
        var scram = new ScramSha256("pencil", "user", "rOprNGfwEbeRWgbNEkqO");
        scram.ClientFinalMessage(ServerFirst);

        Assert.Throws<PgConnectionException>(() => scram.VerifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    [Fact]
    public void Rejects_a_server_nonce_that_does_not_extend_the_clients()
    {
        var scram = new ScramSha256("pencil", "user", "rOprNGfwEbeRWgbNEkqO");

        Assert.Throws<PgConnectionException>(() => scram.ClientFinalMessage("r=somethingElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
    }
}
