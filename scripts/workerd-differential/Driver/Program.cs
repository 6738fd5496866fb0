using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using WorkerSockets;
using WorkerSockets.Differential;

// Runs each case of the resolved case list through WorkerSockets, as worker.js runs it through workerd.
// Usage: Driver <cases.json> <root-ca.pem> <out.json>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Driver <cases.json> <root-ca.pem> <out.json>");
    return 2;
}

var cases = JsonNode.Parse(await File.ReadAllTextAsync(args[0]))!.AsArray();
using var root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(args[1]));
var policy = SocketPolicy.Development.WithTrustedRoots(root);
var runner = new CaseRunner(policy);
var results = new JsonObject();
foreach (var testCase in cases)
{
    var steps = await runner.RunAsync(testCase!.AsObject());
    var json = new JsonObject();
    foreach (var (step, value) in steps)
    {
        json[step] = value;
    }

    results[(string)testCase["name"]!] = json;
}

await File.WriteAllTextAsync(args[2], results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;
