namespace CrossMargin.Chain.Actors.Auditor;

/// <summary>The audit report as an HTML page. A placeholder: its implementation is another engineer's, replaced at merge.</summary>
public static class AuditReportPage
{
    public static string Render(AuditReport report) => throw new NotImplementedException();
}
