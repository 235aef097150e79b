// The OpenTelemetry SDK listens to meters by name process-wide: two test hosts exporting at the same time
// would see each other's measurements. Exact counts need one host at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
