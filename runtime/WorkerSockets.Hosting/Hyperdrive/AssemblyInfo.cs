using System.Runtime.CompilerServices;

// The pooler's codec and sessions are internal; its own test project fuzzes them directly.
[assembly: InternalsVisibleTo("WorkerSockets.Hyperdrive.Tests")]
