using System;
using System.Collections.Generic;
using System.Globalization;
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
                ConfigNodeKind.String => ShapeKind.String,
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
    public static ObjectShape Object(ConfigNode table, string recordName, int depth = 0)
    {
        var members = new List<ShapeMember>();
        var used = new HashSet<string>(EnvMerge.ReservedRecordMemberNames, StringComparer.Ordinal) { recordName };
        foreach (var member in table.Members)
        {
            var kind = member.Value.Kind switch
            {
                ConfigNodeKind.String => ShapeKind.String,
                ConfigNodeKind.Integer => ShapeKind.Integer,
                ConfigNodeKind.Float => ShapeKind.Float,
                ConfigNodeKind.Boolean => ShapeKind.Boolean,
                ConfigNodeKind.Table when depth < 8 => ShapeKind.Object,
                _ => ShapeKind.Json,
            };
            var property = Naming.ToPascalCase(member.Key);
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
                nested = Object(member.Value, EnvMerge.RecordName(unique), depth + 1);
            }

            members.Add(new ShapeMember(member.Key, unique, kind, nested));
        }

        return new ObjectShape(members.ToEquatableArray());
    }
}
