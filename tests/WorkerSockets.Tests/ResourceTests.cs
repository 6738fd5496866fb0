using WorkerSockets.Tests.Peers;
using WorkerSockets.Tests.Support;

namespace WorkerSockets.Tests;

/// <summary>Counts this process's file descriptors, so it runs alone.</summary>
[CollectionDefinition(nameof(FileDescriptorCollection), DisableParallelization = true)]
public sealed class FileDescriptorCollection;

/// <summary>Many request cycles, closed and leaked alike, leave no socket behind.</summary>
[Collection(nameof(FileDescriptorCollection))]
public sealed class ResourceTests
{
    [LinuxFact]
    public async Task Request_cycles_leave_no_open_file_descriptors()
    {
        // A first round lets the runtime open what it keeps for good (socket engine, thread pool); a leak grows with the rounds.
        await RunCyclesAsync(50);
        int before = OpenDescriptors();
        await RunCyclesAsync(1000);
        Assert.InRange(OpenDescriptors(), 0, before + 2);
    }

    private static async Task RunCyclesAsync(int count)
    {
        await using (var echo = new EchoServer())
        {
            for (int i = 0; i < count; i++)
            {
                bool leak = i % 2 == 1;
                await Scope.RunAsync(async _ =>
                {
                    var socket = Sockets.Connect(echo.Address);
                    await socket.WriteAsync([(byte)i]);
                    Assert.Equal([(byte)i], await socket.ReadExactlyAsync(1));
                    if (!leak)
                    {
                        await socket.CloseAsync();
                    }
                });
            }
        }
    }

    private static int OpenDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;
}
