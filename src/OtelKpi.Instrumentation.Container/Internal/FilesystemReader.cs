namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// The filesystem holding a directory, with df's figures: used = blocks - free (f_blocks - f_bfree), available =
/// what an unprivileged process may still write (f_bavail, without the blocks reserved for root), capacity = all
/// blocks (f_blocks). df's Use% is used / (used + available). Read through <see cref="DriveInfo"/>, which calls
/// statfs/statvfs on Unix and GetDiskFreeSpaceEx on Windows.
/// </summary>
internal sealed class FilesystemReader(string directory, SourceFiles? files = null)
{
    private readonly ReadFailureLog failures = (files ?? new SourceFiles(ReadFailureLog.Silent)).Failures;

    public FilesystemSample Read()
    {
        try
        {
            if (!Directory.Exists(directory))
            {
                this.failures.Report(directory, ResourceSeries.FilesystemUsed, "the directory does not exist");
                return default;
            }

            var drive = new DriveInfo(directory);
            var capacity = drive.TotalSize;
            if (capacity <= 0)
            {
                this.failures.Report(directory, ResourceSeries.FilesystemUsed, $"the filesystem reports a size of {capacity}");
                return default;
            }

            return new FilesystemSample(capacity - drive.TotalFreeSpace, drive.AvailableFreeSpace, capacity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            this.failures.Report(directory, ResourceSeries.FilesystemUsed, e.Message, e);
            return default;
        }
    }
}
