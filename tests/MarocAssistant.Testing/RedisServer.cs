using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MarocAssistant.Testing;

/// <summary>
/// A real <c>redis-server</c> (Debian package) on 127.0.0.1 with a free port, nothing persisted
/// (<c>--save '' --appendonly no</c>), or with an append-only file written at every command
/// (<see cref="StartAsync(bool, CancellationToken)"/>). Tests may kill it and start it again on the same port (from its
/// AOF, or empty after <see cref="WipeData"/>), and it is killed when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(string executable, int port, string? dataFolder = null)
    {
        Executable = executable;
        Port = port;
        DataFolder = dataFolder;
    }

    /// <summary>Where the append-only file lives; null when nothing is persisted.</summary>
    public string? DataFolder { get; }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => "127.0.0.1:" + Port;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The <c>redis-server</c> on the PATH, or null when Redis is not installed.</summary>
    public static string? FindExecutable()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts a server, skipping the test (failing under MAROC_REQUIRE_ALL=1) when redis-server is missing.</summary>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(false, cancellationToken);

    /// <summary>Starts a server; with <paramref name="appendOnly"/> every write goes to an AOF (fsync always) in a temporary folder.</summary>
    public static async Task<RedisServer> StartAsync(bool appendOnly, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable();
        Requirements.SkipUnless(executable is not null, "redis-server is not installed (eng/install-test-deps.sh installs it)");
        for (var attempt = 0; ; attempt++)
        {
            var folder = appendOnly ? Directory.CreateTempSubdirectory("maroc-redis-").FullName : null;
            var server = new RedisServer(executable!, FreePort(), folder);
            try
            {
                await server.RestartAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between choosing and binding it: choose again.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the server (again) on the same port, empty, and waits until it answers PING.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--loglevel", "warning" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in DataFolder is null ? ["--appendonly", "no"] : new[] { "--appendonly", "yes", "--appendfsync", "always", "--dir", DataFolder })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        while (!await PingAsync(limit.Token))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("redis-server exited at start (exit code " + _process.ExitCode + ")");
            }

            await Task.Delay(20, limit.Token);
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Sends PING over a raw socket; true on +PONG.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Deletes what the server persisted, so that the next <see cref="RestartAsync"/> starts empty. The server must be stopped.</summary>
    public void WipeData()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Stop the server before wiping its data.");
        }

        if (DataFolder is not null && Directory.Exists(DataFolder))
        {
            foreach (var entry in new DirectoryInfo(DataFolder).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo folder)
                {
                    folder.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (DataFolder is not null && Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
