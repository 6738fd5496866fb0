using WorkerSockets.Hosting.LocalDev;

namespace WorkerSockets.Hosting;

internal sealed partial record DevServerArguments
{
    /// <summary>The <c>--help</c> text.</summary>
    public static string Usage(string program) => $"""
        Usage: {program} [--port N] [--ip ADDRESS] [--env NAME] [--var KEY:VALUE ...] [--KEY value ...]

        Runs the worker on http://127.0.0.1:{DefaultPort}, as `wrangler dev` does, in the Development environment.

        Options (the command line wins over the wrangler config's [dev] section):
          --port N      Listen on port N (0 picks a free port). Default: [dev] port, else {DefaultPort}.
          --ip ADDRESS  Listen on ADDRESS: an IP address, localhost, or 0.0.0.0 / * for every interface (the
                        network can then reach the worker). Default: [dev] ip, else 127.0.0.1.
          --local-protocol http|https
                        Default: [dev] local_protocol, else http. https uses Kestrel's default certificate:
                        --https-cert-path PEM and --https-key-path PEM, else Kestrel:Certificates:Default:Path,
                        else the ASP.NET Core development certificate (dotnet dev-certs https).
          -e, --env NAME
                        Use the bindings of [env.NAME] in the wrangler config, and .dev.vars.NAME / .env.NAME.
                        Without it, CLOUDFLARE_ENV chooses; without that, the host environment's name does when the
                        config declares an environment of that name (ignoring case); otherwise the top level applies.
          --var KEY:VALUE
                        Sets binding KEY; repeatable, or several after one --var. Wins over every other source.
          --KEY value   Sets binding KEY (command-line values win over environment variables, .dev.vars and
                        appsettings.json).
          --env-file PATH
                        Read PATH instead of the default .env files (repeatable, a later file wins); as in
                        wrangler, only when there is no .dev.vars.
          --log-level LEVEL
                        debug, info, log, warn, error or none.
          --hyperdrive-port N
                        Also serve each Hyperdrive binding's pool to PostgreSQL clients (psql, pgbench) on loopback,
                        from port N (0 picks free ports).
          -h, --help    Shows this text.

        Local secrets are read next to the wrangler config, as wrangler does: .dev.vars.<env> when an environment is
        selected and that file exists, else .dev.vars; when neither exists, .env, .env.<env>, .env.local and
        .env.<env>.local are all read, the later (more specific) winning (CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false
        turns .env reading off). Bindings also come from user secrets, appsettings.json and environment variables.
        ASP.NET Core options (--environment, --contentRoot, ...) work as usual.

        wrangler dev flags without a meaning here are ignored with a note (--remote and --config are errors):
          {WranglerDevFlags.Names}
        """;
}
