namespace PatcherPortal.Web.Infrastructure;

public enum ModelProfile { Default, Tiny }

/// <summary>The "Portal" configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Holds the database, the models and their patch files; relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "data";
    public ModelProfile ModelProfile { get; set; } = ModelProfile.Default;
    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; set; } = "auto";
    /// <summary>libtorch's intra-op threads; unset keeps its default (one per core). On a machine shared with other
    /// CPU-heavy processes its spinning threads can be many times slower than 1.</summary>
    public int? TorchThreads { get; set; }
    public AdminAccount Admin { get; set; } = new();
    public JobOptions Jobs { get; set; } = new();
    public EvaluationOptions Evaluation { get; set; } = new();
    public ModelRegistryOptions Models { get; set; } = new();
    /// <summary>Each model's initial editor by model name (<c>Portal:Editors:qa:Kind</c> = mend, <c>:Directory</c>), until an
    /// admin chooses one; a model not named here uses Transformer-Patcher.</summary>
    public Dictionary<string, Settings.ModelEditor> Editors { get; set; } = new();
    public RateLimitOptions RateLimit { get; set; } = new();
    /// <summary>The initial value of the approval setting, until an admin changes it.</summary>
    public bool RequireApproval { get; set; } = true;
    /// <summary>What this process does: portal and API, patch jobs, or both (<c>--role</c> on the command line).</summary>
    public PortalRole Role { get; set; } = PortalRole.All;
    public DatabaseOptions Database { get; set; } = new();
    /// <summary>How often a process checks the versions table for a version made elsewhere (another node, a worker).</summary>
    public TimeSpan VersionPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public enum DatabaseProvider { Sqlite, PostgreSql }

public sealed class DatabaseOptions
{
    /// <summary>Sqlite keeps portal.db and jobs.db in the data directory; PostgreSql holds both (Hangfire in its own schema).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>For PostgreSql, e.g. <c>Host=db;Database=portal;Username=portal;Password=...</c>.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class AdminAccount
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}

public sealed class ModelRegistryOptions
{
    /// <summary>Register the profile's built-in models (question answering "qa", fact checking "fc") at first start.</summary>
    public bool BuiltIn { get; set; } = true;
    /// <summary>The most an uploaded model archive may unpack to.</summary>
    public long MaxArchiveBytes { get; set; } = 4L << 30;
    /// <summary>How often a process checks for models registered or retired by another process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class JobOptions
{
    /// <summary>Above the longest patch job: SQLite storage re-queues a job still running after this.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How often each job server tells the storage it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>A server silent this long is dead: the patch job it was running is queued again (see InterruptedJobs).</summary>
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Linux nice value of the threads that train patches and measure versions (0-19; 0 keeps the priority of
    /// requests): higher lets predictions go first when training and serving share few cores.</summary>
    public int TrainingNiceness { get; set; } = 10;
    /// <summary>How often unfinished corrections are checked for a dead job.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Jobs a <c>worker</c> runs at once, over all model queues: one per GPU.</summary>
    public int WorkerCount { get; set; } = 1;
}

public sealed class EvaluationOptions
{
    /// <summary>Examples of the train split checked for TrainR, and of the test split for TestR.</summary>
    public int TrainSubset { get; set; } = 200;
    public int TestSubset { get; set; } = 200;
    /// <summary>Retained examples compared before and after each edit, shown with its result.</summary>
    public int RetainedPerEdit { get; set; } = 40;
    public int MemoryRows { get; set; } = 40_000;
}

/// <summary>Requests each API caller may make per window.</summary>
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
