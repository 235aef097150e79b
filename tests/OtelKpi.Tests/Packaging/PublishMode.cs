namespace OtelKpi.Tests.Packaging;

/// <summary>How the probe is published: framework-dependent JIT, self-contained trimmed, or Native AOT.</summary>
public enum PublishMode
{
    Jit,
    Trimmed,
    Aot,
}
