// The OpenTelemetry SDK listens to meters by name process-wide, so two test hosts running at the same
// time could see each other's ASP.NET Core meters. Exact counts need one host at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
