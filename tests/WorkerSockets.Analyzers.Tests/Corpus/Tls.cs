// STARTTLS protocol classes: the option has to be set at connect, and the old socket is dead after the upgrade.
using System;
using System.Text;
using System.Threading.Tasks;
using WorkerSockets;

namespace Corpus.Tls;

sealed class Smtp
{
    private static readonly SocketOptions StartTlsOptions = new() { SecureTransport = SecureTransport.StartTls };

    public async Task Submit(string host)
    {
        var s = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await s.Writable.WriteAsync(Encoding.ASCII.GetBytes("STARTTLS\r\n"));
        s = s.StartTls();
        await s.Writable.WriteAsync(Encoding.ASCII.GetBytes("EHLO me\r\n"));
        await s.CloseAsync();
    }

    public async Task SubmitWithoutOption(string host)
    {
        var s = Sockets.Connect(host, 587);
        await s.Writable.WriteAsync(Encoding.ASCII.GetBytes("STARTTLS\r\n"));
        s = s.StartTls(); // expect: WSK005
        await s.CloseAsync();
    }

    public async Task SubmitWithTlsOn(string host)
    {
        await using var s = Sockets.Connect(host, 465, new SocketOptions { SecureTransport = SecureTransport.On });
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task SharedOptions(string host)
    {
        await using var s = Sockets.Connect(host, 587, StartTlsOptions);
        await using var tls = s.StartTls();
        await tls.Opened;
    }

    public async Task OldSocketUsed(string host)
    {
        var s = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        await using var tls = s.StartTls();
        await s.Writable.FlushAsync(); // expect: WSK006
        await s.CloseAsync(); // expect: WSK006
    }

    public async Task Loop(string host, string[] commands)
    {
        var s = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls }); // expect: WSK007
        WorkerSocket? tls = null;
        foreach (var command in commands)
        {
            await s.Writable.WriteAsync(Encoding.ASCII.GetBytes(command)); // expect: WSK006
            if (command == "STARTTLS" && tls is null)
            {
                tls = s.StartTls();
            }
        }

        if (tls is not null)
        {
            await tls.CloseAsync();
        }
    }

    public async Task LoopThatReassigns(string host, string[] commands)
    {
        var s = Sockets.Connect(host, 587, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        foreach (var command in commands)
        {
            await s.Writable.WriteAsync(Encoding.ASCII.GetBytes(command));
            if (command == "STARTTLS" && !s.Upgraded)
            {
                s = s.StartTls();
            }
        }

        await s.CloseAsync();
    }

    public async Task OptionsInLocal(string host)
    {
        var options = new SocketOptions { AllowHalfOpen = true };
        await using var s = Sockets.Connect(host, 587, options);
        await using var tls = s.StartTls(); // expect: WSK005
        await tls.Opened;
    }

    public async Task Upgraded(string host)
    {
        var plain = Sockets.Connect(host, 5432, new SocketOptions { SecureTransport = SecureTransport.StartTls });
        var tls = plain.StartTls(); // expect: WSK007
        await tls.Opened;
    }
}
