using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WorkerSockets.Analyzers.Model;

/// <summary>Finds the port of a <c>Sockets.Connect</c> call when it is known at compile time.</summary>
internal static class ConstantPort
{
    // Locals assigned from locals: stop before a self-referencing chain could recurse forever.
    private const int MaxDepth = 8;

    /// <summary>The constant port of <paramref name="connect"/>, with the operation that carries it.</summary>
    public static bool TryGet(IInvocationOperation connect, WorkerSocketsSymbols symbols, out int port, out IOperation portOperation)
    {
        port = 0;
        portOperation = connect;
        var parameters = connect.TargetMethod.Parameters;
        if (parameters.Length == 0 || connect.Arguments.IsDefaultOrEmpty)
        {
            return false;
        }

        var portArgument = connect.GetArgument("port");
        if (portArgument is not null && portArgument.Parameter?.Type.SpecialType == SpecialType.System_Int32)
        {
            portOperation = portArgument.Value;
            return TryGetInt(portArgument.Value, 0, out port);
        }

        var first = connect.GetArgument(parameters[0].Name);
        if (first is null)
        {
            return false;
        }

        portOperation = first.Value;
        return parameters[0].Type.SpecialType == SpecialType.System_String
            ? TryGetAddressPort(first.Value, out port)
            : TryGetEndPointPort(first.Value, symbols, 0, out port);
    }

    private static bool TryGetEndPointPort(IOperation operation, WorkerSocketsSymbols symbols, int depth, out int port)
    {
        port = 0;
        operation = operation.WithoutConversions();
        if (operation is ILocalReferenceOperation local && depth < MaxDepth)
        {
            return local.Local.TryGetSingleAssignedValue(operation.Root(), out var value)
                && TryGetEndPointPort(value, symbols, depth + 1, out port);
        }

        if (operation is IObjectCreationOperation { Constructor: { } constructor } creation
            && (SymbolEqualityComparer.Default.Equals(constructor.ContainingType, symbols.DnsEndPoint)
                || SymbolEqualityComparer.Default.Equals(constructor.ContainingType, symbols.IPEndPoint)))
        {
            var portArgument = creation.GetArgument("port");
            return portArgument is not null && TryGetInt(portArgument.Value, depth, out port);
        }

        return false;
    }

    private static bool TryGetAddressPort(IOperation address, out int port)
    {
        port = 0;
        if (!TryGetConstantSuffix(address, 0, out var suffix, out _))
        {
            return false;
        }

        var colon = suffix.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var text = suffix.Substring(colon + 1);
        if (text.Length is 0 or > 5)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>The constant text at the end of a string expression; <paramref name="complete"/> when the whole string is constant.</summary>
    private static bool TryGetConstantSuffix(IOperation operation, int depth, out string suffix, out bool complete)
    {
        suffix = string.Empty;
        complete = false;
        if (depth > MaxDepth)
        {
            return false;
        }

        if (operation.ConstantValue is { HasValue: true, Value: var constant })
        {
            if (!TryFormat(constant, out suffix))
            {
                return false;
            }

            complete = true;
            return true;
        }

        var unwrapped = operation.WithoutConversions();
        if (unwrapped != operation)
        {
            return TryGetConstantSuffix(unwrapped, depth + 1, out suffix, out complete);
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                return local.Local.TryGetSingleAssignedValue(operation.Root(), out var value)
                    && TryGetConstantSuffix(value, depth + 1, out suffix, out complete);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                if (!TryGetConstantSuffix(binary.RightOperand, depth + 1, out var right, out var rightComplete))
                {
                    return false;
                }

                suffix = right;
                if (rightComplete && TryGetConstantSuffix(binary.LeftOperand, depth + 1, out var left, out var leftComplete))
                {
                    suffix = left + right;
                    complete = leftComplete;
                }

                return true;

            case IInterpolatedStringOperation interpolated:
                complete = true;
                for (var i = interpolated.Parts.Length - 1; i >= 0; i--)
                {
                    string? part = interpolated.Parts[i] switch
                    {
                        IInterpolatedStringTextOperation text => text.Text.ConstantValue.Value as string,
                        IInterpolationOperation { Alignment: null, FormatString: null } hole
                            when TryGetConstantSuffix(hole.Expression, depth + 1, out var holeText, out var holeComplete) && holeComplete => holeText,
                        _ => null,
                    };

                    if (part is null)
                    {
                        complete = false;
                        break;
                    }

                    suffix = part + suffix;
                }

                return true;

            default:
                return false;
        }
    }

    private static bool TryFormat(object? constant, out string text)
    {
        text = constant switch
        {
            string s => s,
            char c => c.ToString(),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => null!,
        };
        return text is not null;
    }

    private static bool TryGetInt(IOperation operation, int depth, out int value)
    {
        value = 0;
        if (operation.ConstantValue is { HasValue: true, Value: int constant })
        {
            value = constant;
            return true;
        }

        operation = operation.WithoutConversions();
        return operation is ILocalReferenceOperation local && depth < MaxDepth
            && local.Local.TryGetSingleAssignedValue(operation.Root(), out var assigned)
            && TryGetInt(assigned, depth + 1, out value);
    }
}
