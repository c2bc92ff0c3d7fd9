using System.Text.Json.Serialization;

namespace NutSharp.Http;

/// <summary>
/// Every type the HTTP front-end writes as JSON, with System.Text.Json's source generator: no
/// reflection, NativeAOT-safe. A route group with types of its own adds them here (or brings a
/// context of its own and passes its JsonTypeInfo to Results.Json).
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(PeanutError))]
[JsonSerializable(typeof(VariableObject))]
[JsonSerializable(typeof(List<VariableObject>))]
public sealed partial class HttpJson : JsonSerializerContext;
