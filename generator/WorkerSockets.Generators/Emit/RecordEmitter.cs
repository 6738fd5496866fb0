using WorkerSockets.Generators.Model;

namespace WorkerSockets.Generators.Emit;

/// <summary>Emits the record type of a JSON-object var and its trim-safe reader over <c>JsonElement</c>.</summary>
internal static class RecordEmitter
{
    public static void Write(IndentedWriter writer, string name, ObjectShape shape, string summary)
    {
        writer.Line($"/// <summary>{summary}</summary>");
        writer.Open($"public sealed record {name}");
        foreach (var member in shape.Members)
        {
            var doc = Literals.Xml(member.JsonName);
            writer.Line($"/// <summary>The <c>{doc}</c> member.</summary>");
            writer.Line(member.Kind switch
            {
                ShapeKind.String => $"public string {member.PropertyName} {{ get; init; }} = \"\";",
                ShapeKind.Integer => $"public long {member.PropertyName} {{ get; init; }}",
                ShapeKind.Float => $"public double {member.PropertyName} {{ get; init; }}",
                ShapeKind.Boolean => $"public bool {member.PropertyName} {{ get; init; }}",
                ShapeKind.Object => $"public {EnvMerge.RecordName(member.PropertyName)} {member.PropertyName} {{ get; init; }} = new();",
                _ => $"public global::System.Text.Json.JsonElement {member.PropertyName} {{ get; init; }}",
            });
            writer.Line();
        }

        writer.Line("/// <summary>Reads the record from a JSON object; a member of the wrong kind throws <see cref=\"global::System.FormatException\"/>.</summary>");
        writer.Line("/// <param name=\"element\">The JSON object.</param>");
        writer.Line("/// <returns>The record.</returns>");
        writer.Open($"public static {name} Read(global::System.Text.Json.JsonElement element) => new()");
        foreach (var member in shape.Members)
        {
            var json = Literals.String(member.JsonName);
            var reader = member.Kind switch
            {
                ShapeKind.String => $"global::WorkerSockets.Bindings.JsonVarReader.String(element, {json})",
                ShapeKind.Integer => $"global::WorkerSockets.Bindings.JsonVarReader.Int64(element, {json})",
                ShapeKind.Float => $"global::WorkerSockets.Bindings.JsonVarReader.Double(element, {json})",
                ShapeKind.Boolean => $"global::WorkerSockets.Bindings.JsonVarReader.Boolean(element, {json})",
                ShapeKind.Object => $"global::WorkerSockets.Bindings.JsonVarReader.Object(element, {json}, {EnvMerge.RecordName(member.PropertyName)}.Read)",
                _ => $"global::WorkerSockets.Bindings.JsonVarReader.Element(element, {json})",
            };
            writer.Line($"{member.PropertyName} = {reader},");
        }

        writer.Close(";");
        foreach (var member in shape.Members)
        {
            if (member.Nested is not null)
            {
                writer.Line();
                Write(writer, EnvMerge.RecordName(member.PropertyName), member.Nested, $"The <c>{Literals.Xml(member.JsonName)}</c> member's shape.");
            }
        }

        writer.Close();
    }
}
