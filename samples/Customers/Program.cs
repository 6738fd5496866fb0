using Customers;
using Customers.LocalPostgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkerSockets;
using WorkerSockets.Hosting;

// With HYPERDRIVE (or DB) configured, serve against that database and start nothing else.
if (DevDatabase.IsConfigured(args))
{
    await WorkerHost.RunAsync<CustomersWorker>(args);
    return;
}

Console.WriteLine("No database configured: starting a throwaway PostgreSQL cluster with TLS from this machine's binaries...");
LocalPostgresRole role = CustomersSeed.CreateWorkerRole();
await using LocalPostgresCluster cluster = await LocalPostgresCluster.StartAsync(CustomersSeed.Database, [role], CustomersSeed.Sql);
await using RunningWorkerHost host = await WorkerHost.StartAsync<CustomersWorker>(args, builder =>
{
    // HYPERDRIVE is the origin the host pools (TLS and SCRAM to the cluster); the worker connects to the pool in process.
    builder.Configuration.AddInMemoryCollection([new("HYPERDRIVE", cluster.ConnectionString(role, "require"))]);
    // The cluster's certificate authority is trusted by this process only (the pool's origin TLS), not by the machine.
    builder.Services.Configure<WorkerHostOptions>(options => options.Policy = SocketPolicy.Development.WithTrustedRoots(cluster.CertificateAuthority));
});

string url = host.Address.GetLeftPart(UriPartial.Authority);
Console.WriteLine($"PostgreSQL on {cluster.Host}:{cluster.Port} (database {cluster.Database}, sslmode=require), data in {cluster.RootDirectory}");
Console.WriteLine("HYPERDRIVE is pooled in process: each request connects to the pool, which keeps a few warm connections to the cluster.");
Console.WriteLine($"Ready on {url}");
Console.WriteLine($"Try:  curl {url}/");
Console.WriteLine("Ctrl+C stops the server and removes the cluster.");
await host.WaitForShutdownAsync();
