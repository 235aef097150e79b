namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Used and total bytes of the filesystem holding a directory (statvfs through DriveInfo).</summary>
internal sealed class FilesystemReader(string directory)
{
    public FilesystemSample Read()
    {
        try
        {
            if (!Directory.Exists(directory))
            {
                return default;
            }

            var drive = new DriveInfo(directory);
            var capacity = drive.TotalSize;
            return capacity <= 0 ? default : new FilesystemSample(capacity - drive.TotalFreeSpace, capacity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return default;
        }
    }
}
