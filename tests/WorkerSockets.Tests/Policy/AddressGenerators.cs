using System.Globalization;
using System.Text;
using CsCheck;

namespace WorkerSockets.Tests.Policy;

/// <summary>Random and adversarial <c>connect()</c> address strings.</summary>
internal static class AddressGenerators
{
    private const string Adversarial = "[]:.%-_+@/?#\\ 0123456789abcdefxABCDEFX\t\n\r\0\u007f\u00e9\u0661\u200b\uff1a\ufeff\ud800\udc00";

    private static readonly Gen<char> AdversarialChar = Gen.Char[Adversarial];

    private static readonly Gen<string> Label =
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"].Array[1, 12].Select(c => new string(c));

    private static readonly Gen<string> Hostname =
        Label.Array[1, 4].Select(labels => string.Join('.', labels));

    private static readonly Gen<string> Ipv4Dotted =
        Gen.Int[0, 300].Array[1, 5].Select(parts => string.Join('.', parts));

    private static readonly Gen<string> Ipv6Piece = Gen.OneOf(
        Gen.UShort.Select(p => p.ToString("x", CultureInfo.InvariantCulture)),
        Gen.UShort.Select(p => p.ToString("X4", CultureInfo.InvariantCulture)),
        Gen.Char["0123456789abcdefg"].Array[0, 6].Select(c => new string(c)),
        Ipv4Dotted);

    private static readonly Gen<string> Ipv6Text =
        Gen.Select(Ipv6Piece.Array[0, 10], Gen.Bool, Gen.Int[0, 9], (pieces, compress, at) =>
        {
            var list = pieces.ToList();
            if (compress)
            {
                list.Insert(Math.Min(at, list.Count), string.Empty);
            }

            var text = string.Join(':', list);
            return compress && list.Count == 1 ? "::" : text;
        });

    private static readonly Gen<string> Host = Gen.Frequency(
        (4, Hostname),
        (3, Ipv4Dotted),
        (3, Ipv6Text.Select(t => "[" + t + "]")),
        (1, Ipv6Text),
        (1, Gen.Select(Ipv6Text, Gen.OneOf(Gen.Const("%eth0"), Gen.Const("%25"), Gen.Const("%1")), (t, z) => "[" + t + z + "]")),
        (1, Gen.OneOf(Gen.Const("2130706433"), Gen.Const("0x7f.1"), Gen.Const("0177.0.0.1"), Gen.Const("127.1"))),
        (1, Gen.Const(string.Empty)),
        (1, AdversarialChar.Array[1, 8].Select(c => new string(c))));

    private static readonly Gen<string> Port = Gen.Frequency(
        (6, Gen.Int[0, 65535].Select(p => p.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Select(Gen.Int[0, 8], Gen.Int[0, 70000], (zeros, p) => new string('0', zeros) + p.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(p => p.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf(Gen.Const("+80"), Gen.Const("-1"), Gen.Const("0x50"), Gen.Const(" 80"), Gen.Const("80 "), Gen.Const("8 0"),
            Gen.Const("65536"), Gen.Const("99999999999999999999999"), Gen.Const("\u0668\u0660"), Gen.Const("%38%30"))),
        (1, Gen.Const(string.Empty)));

    private static readonly Gen<string> Separator = Gen.Frequency(
        (8, Gen.Const(":")),
        (1, Gen.Const(string.Empty)),
        (1, Gen.OneOf(Gen.Const("::"), Gen.Const(" : "), Gen.Const("%3A"), Gen.Const("\uff1a"), Gen.Const("@"))));

    private static readonly Gen<string> Affix = Gen.Frequency(
        (8, Gen.Const(string.Empty)),
        (1, Gen.OneOf(Gen.Const(" "), Gen.Const("\t"), Gen.Const("\n"), Gen.Const("\0"), Gen.Const("/"), Gen.Const("/path"),
            Gen.Const("?q=1"), Gen.Const("#f"), Gen.Const("user@"), Gen.Const("user:pw@"), Gen.Const("@"), Gen.Const("\u202e"))),
        (1, AdversarialChar.Array[1, 4].Select(c => new string(c))));

    /// <summary>host, separator, port, with junk before, after and inside.</summary>
    private static readonly Gen<string> Structured =
        Gen.Select(Affix, Host, Separator, Port, Affix, (before, host, separator, port, after) => before + host + separator + port + after);

    /// <summary>A valid address with a few characters replaced, inserted or deleted.</summary>
    private static readonly Gen<string> Mutated =
        Gen.Select(Structured, Gen.Int[1, 3], Gen.Int, AdversarialChar, Mutate);

    private static readonly Gen<string> Long = Gen.OneOf(
        Gen.Int[200, 10_000].Select(n => new string('a', n) + ":80"),
        Gen.Int[200, 10_000].Select(n => new string(':', n)),
        Gen.Int[100, 5_000].Select(n => new StringBuilder().Insert(0, "[", n).Append(']', n).Append(":1").ToString()),
        Gen.Int[100, 2_000].Select(n => "[" + string.Concat(Enumerable.Repeat("1:", n)) + "1]:80"),
        Gen.Int[100, 3_000].Select(n => "[" + string.Concat(Enumerable.Repeat("::", n)) + "]:80"),
        Gen.Int[250, 256].Select(n => new string('b', n - 3) + ":80"),
        Gen.Int[200, 10_000].Select(n => "host:" + new string('0', n) + "80"),
        Gen.Int[1_000, 10_000].Select(n => string.Concat(Enumerable.Repeat("%41", n / 3)) + ":1"),
        AdversarialChar.Array[1_000, 10_000].Select(c => new string(c)));

    /// <summary>Everything: CsCheck's own random strings, adversarial alphabets, structured and mutated addresses, 10k-character inputs.</summary>
    public static readonly Gen<string> Address = Gen.Frequency(
        (2, Gen.String),
        (2, AdversarialChar.Array[0, 40].Select(c => new string(c))),
        (6, Structured),
        (3, Mutated),
        (1, Long));

    private static string Mutate(string text, int count, int position, char c)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < count; i++)
        {
            var at = builder.Length == 0 ? 0 : (int)((uint)(position * (i + 7)) % (uint)builder.Length);
            switch ((position >> (i * 2)) & 3)
            {
                case 0 when builder.Length > 0:
                    builder[at] = c;
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(at, 1);
                    break;
                default:
                    builder.Insert(at, c);
                    break;
            }
        }

        return builder.ToString();
    }
}
