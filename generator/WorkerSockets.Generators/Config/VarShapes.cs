using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Config;

/// <summary>The .NET shape a var's value takes: a record's members for an object, the element kind for an array.</summary>
internal static class VarShapes
{
    /// <summary>The kind all of an array's elements share (integers and floats share floating point; none: string), or Json when they differ.</summary>
    public static ShapeKind ArrayElements(ConfigNode array)
    {
        ShapeKind? shared = null;
        foreach (var item in array.Items)
        {
            ShapeKind kind = item.Kind switch
            {
                ConfigNodeKind.String or ConfigNodeKind.DateTime => ShapeKind.String,
                ConfigNodeKind.Integer when !item.OutOfRange => ShapeKind.Integer,
                ConfigNodeKind.Float when !double.IsNaN(item.Float) && !double.IsInfinity(item.Float) => ShapeKind.Float,
                ConfigNodeKind.Boolean => ShapeKind.Boolean,
                _ => ShapeKind.Json,
            };
            shared = shared is null || shared == kind ? kind
                : shared is ShapeKind.Integer or ShapeKind.Float && kind is ShapeKind.Integer or ShapeKind.Float ? ShapeKind.Float
                : ShapeKind.Json;
        }

        return shared ?? ShapeKind.String;
    }

    /// <summary>The generated record's members; names never clash with the record, its nested records or record-synthesized members.</summary>
    public static ObjectShape Object(ConfigNode table, string recordName) => Name(Read(table, 0), recordName);

    /// <summary>
    /// One record for an object var whose environments give it different members: every member any of them has, each
    /// typed to hold both values (integer and float: float; two objects: merged; any other disagreement: JsonElement).
    /// </summary>
    public static ObjectShape Merge(ObjectShape first, ObjectShape second, string recordName) => Name(Merge(Unname(first), Unname(second)), recordName);

    /// <summary>A member before it has a C# name: its JSON name, kind, and nested members for an object.</summary>
    private sealed record RawMember(string JsonName, ShapeKind Kind, List<RawMember>? Nested);

    private static List<RawMember> Read(ConfigNode table, int depth)
    {
        var members = new List<RawMember>();
        foreach (var member in table.Members)
        {
            var kind = member.Value.Kind switch
            {
                ConfigNodeKind.String or ConfigNodeKind.DateTime => ShapeKind.String,
                ConfigNodeKind.Integer => ShapeKind.Integer,
                ConfigNodeKind.Float => ShapeKind.Float,
                ConfigNodeKind.Boolean => ShapeKind.Boolean,
                ConfigNodeKind.Table when depth < 8 => ShapeKind.Object,
                _ => ShapeKind.Json,
            };
            members.Add(new RawMember(member.Key, kind, kind == ShapeKind.Object ? Read(member.Value, depth + 1) : null));
        }

        return members;
    }

    private static List<RawMember> Unname(ObjectShape shape) =>
        shape.Members.Select(m => new RawMember(m.JsonName, m.Kind, m.Nested is null ? null : Unname(m.Nested))).ToList();

    private static List<RawMember> Merge(List<RawMember> first, List<RawMember> second)
    {
        var merged = new List<RawMember>();
        foreach (var a in first)
        {
            var b = second.FirstOrDefault(m => m.JsonName == a.JsonName);
            merged.Add(b is null ? a
                : a.Kind == ShapeKind.Object && b.Kind == ShapeKind.Object ? a with { Nested = Merge(a.Nested!, b.Nested!) }
                : a with { Kind = Widen(a.Kind, b.Kind), Nested = null });
        }

        merged.AddRange(second.Where(b => !first.Any(a => a.JsonName == b.JsonName)));
        return merged;
    }

    private static ShapeKind Widen(ShapeKind a, ShapeKind b) =>
        a == b && a != ShapeKind.Object ? a
        : a is ShapeKind.Integer or ShapeKind.Float && b is ShapeKind.Integer or ShapeKind.Float ? ShapeKind.Float
        : ShapeKind.Json;

    private static ObjectShape Name(List<RawMember> raw, string recordName)
    {
        var members = new List<ShapeMember>();
        var used = new HashSet<string>(EnvMerge.ReservedRecordMemberNames, StringComparer.Ordinal) { recordName };
        foreach (var member in raw)
        {
            var kind = member.Kind;
            var property = Naming.ToPascalCase(member.JsonName);
            var unique = property;
            for (var n = 2; used.Contains(unique) || (kind == ShapeKind.Object && used.Contains(EnvMerge.RecordName(unique))); n++)
            {
                unique = property + n.ToString(CultureInfo.InvariantCulture);
            }

            used.Add(unique);
            ObjectShape? nested = null;
            if (kind == ShapeKind.Object)
            {
                used.Add(EnvMerge.RecordName(unique));
                nested = Name(member.Nested!, EnvMerge.RecordName(unique));
            }

            members.Add(new ShapeMember(member.JsonName, unique, kind, nested));
        }

        return new ObjectShape(members.ToEquatableArray());
    }
}
