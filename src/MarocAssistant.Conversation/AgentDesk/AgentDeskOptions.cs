using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>Settings of the agent desk (section <c>AgentDesk</c>): the agents, their administrations and opening hours.</summary>
public sealed class AgentDeskOptions : IValidatableObject
{
    public const string SectionName = "AgentDesk";

    /// <summary>The administration of a conversation that names none (Direct Line without the widget, the CLI...).</summary>
    public string DefaultAdministration { get; set; } = "default";

    /// <summary>The administration that answers the WhatsApp number; empty: <see cref="DefaultAdministration"/>.</summary>
    public string WhatsAppAdministration { get; set; } = "";

    /// <summary>The staff who may sign in on <c>/agent</c>. None: the desk is off and a hand-off is only its event.</summary>
    public List<AgentAccount> Agents { get; set; } = [];

    /// <summary>Per administration: its display name and opening hours. An administration not listed is always open.</summary>
    public Dictionary<string, DeskAdministration> Administrations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The key that signs agent session tokens (at least 32 characters). Empty: a random key per host, so every host
    /// behind a load balancer needs the same key set here for a token to work on all of them.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long a sign-in lasts.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 8 * 60;

    /// <summary>An agent counts as signed in this long after their last call (the page calls every few seconds).</summary>
    [Range(1, 24 * 60)]
    public int PresenceMinutes { get; set; } = 2;

    /// <summary>A conversation nobody took leaves the queue after this long.</summary>
    [Range(1, 7 * 24 * 60)]
    public int QueueMinutes { get; set; } = 24 * 60;

    public bool Enabled => Agents.Count > 0;

    /// <summary>The administration WhatsApp conversations belong to.</summary>
    public string WhatsAppOrDefault => string.IsNullOrWhiteSpace(WhatsAppAdministration) ? DefaultAdministration : WhatsAppAdministration;

    public AgentAccount? Find(string user) => Agents.Find(a => string.Equals(a.User, user, StringComparison.Ordinal));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(DefaultAdministration))
        {
            yield return new ValidationResult("AgentDesk:DefaultAdministration must not be empty.");
        }

        if (SigningKey.Length is > 0 and < 32)
        {
            yield return new ValidationResult("AgentDesk:SigningKey must have at least 32 characters (or be empty for a random key per host).");
        }

        var users = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Agents.Count; i++)
        {
            var agent = Agents[i];
            if (string.IsNullOrWhiteSpace(agent.User) || agent.User.Length > 64 || agent.User.Any(char.IsWhiteSpace))
            {
                yield return new ValidationResult($"AgentDesk:Agents:{i}:User must have 1 to 64 characters and no spaces.");
            }
            else if (!users.Add(agent.User))
            {
                yield return new ValidationResult($"AgentDesk:Agents:{i}:User '{agent.User}' is listed twice.");
            }

            if (!AgentPasswords.LooksLikeHash(agent.PasswordHash))
            {
                yield return new ValidationResult($"AgentDesk:Agents:{i}:PasswordHash is not a hash from 'maroc agent hash-password'.");
            }

            if (agent.Administrations.Count == 0 || agent.Administrations.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult($"AgentDesk:Agents:{i}:Administrations must name at least one administration.");
            }
        }

        foreach (var (id, administration) in Administrations)
        {
            foreach (var problem in administration.Problems(id))
            {
                yield return new ValidationResult(problem);
            }
        }
    }
}

/// <summary>One member of staff: a user name, the hash of their password, the administrations they answer for.</summary>
public sealed class AgentAccount
{
    public string User { get; set; } = "";

    /// <summary>Shown to the citizen with the agent's messages; empty: the user name.</summary>
    public string Name { get; set; } = "";

    /// <summary>ASP.NET Core's password hash (<c>maroc agent hash-password</c>); the password itself is never configured.</summary>
    public string PasswordHash { get; set; } = "";

    public List<string> Administrations { get; set; } = [];

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? User : Name;

    public bool Serves(string administration) => Administrations.Contains(administration, StringComparer.OrdinalIgnoreCase);
}

/// <summary>An administration's desk: its name and when its agents answer.</summary>
public sealed class DeskAdministration
{
    /// <summary>Morocco's time zone, the default of every desk.</summary>
    public const string MoroccoTimeZone = "Africa/Casablanca";

    // Morocco's legal time outside Ramadan, used when the system has no time zone database (a slim container without
    // tzdata): hours stay right most of the year instead of failing the start.
    private static readonly TimeZoneInfo MoroccoWithoutTzdata =
        TimeZoneInfo.CreateCustomTimeZone("UTC+01 (Morocco)", TimeSpan.FromHours(1), "Morocco (UTC+1)", "Morocco (UTC+1)");

    public string Name { get; set; } = "";

    /// <summary>Days the desk is open (<c>Monday</c>...); empty: every day.</summary>
    public List<DayOfWeek> OpenDays { get; set; } = [];

    /// <summary>Opening time, <c>HH:mm</c> local time; empty with <see cref="Closes"/>: all day.</summary>
    public string Opens { get; set; } = "";

    public string Closes { get; set; } = "";

    /// <summary>The time zone of the hours (IANA id).</summary>
    public string TimeZone { get; set; } = MoroccoTimeZone;

    /// <summary>Whether the desk is open at <paramref name="now"/>.</summary>
    public bool IsOpen(DateTimeOffset now)
    {
        var local = Local(now);
        if (OpenDays.Count > 0 && !OpenDays.Contains(local.DayOfWeek))
        {
            return false;
        }

        if (Opens.Length == 0 && Closes.Length == 0)
        {
            return true;
        }

        var time = TimeOnly.FromDateTime(local);
        return time >= Time(Opens, TimeOnly.MinValue) && time < Time(Closes, TimeOnly.MaxValue);
    }

    /// <summary>
    /// When the desk next opens after <paramref name="now"/>, in its own wall-clock time: how many days from today,
    /// which day, at what time. Null when it has no open day.
    /// </summary>
    public DeskOpening? NextOpening(DateTimeOffset now)
    {
        var local = Local(now);
        var today = DateOnly.FromDateTime(local);
        var opens = Time(Opens, TimeOnly.MinValue);
        for (var days = 0; days <= 7; days++)
        {
            var date = today.AddDays(days);
            if ((OpenDays.Count == 0 || OpenDays.Contains(date.DayOfWeek)) && (days > 0 || TimeOnly.FromDateTime(local) < opens))
            {
                return new DeskOpening(days, date.DayOfWeek, opens);
            }
        }

        return null;
    }

    /// <summary>Today's closing time while open, if the desk has one.</summary>
    public TimeOnly? ClosesToday => Closes.Length > 0 ? Time(Closes, TimeOnly.MaxValue) : null;

    internal IEnumerable<string> Problems(string id)
    {
        if ((Opens.Length > 0 && !TimeOnly.TryParseExact(Opens, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            || (Closes.Length > 0 && !TimeOnly.TryParseExact(Closes, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            yield return $"AgentDesk:Administrations:{id}: Opens and Closes are times like 08:30.";
        }

        // Morocco's zone is always accepted: without a time zone database it falls back to UTC+1.
        if (TimeZone != MoroccoTimeZone && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"AgentDesk:Administrations:{id}:TimeZone '{TimeZone}' is not a known time zone.";
        }
    }

    private DateTime Local(DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, Zone()).DateTime;

    private TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : MoroccoWithoutTzdata;

    private static TimeOnly Time(string text, TimeOnly otherwise) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : otherwise;
}

/// <summary>A desk's next opening, in its own wall-clock time.</summary>
/// <param name="DaysAhead">0: later today, 1: tomorrow...</param>
/// <param name="Day">The day of the week it opens.</param>
/// <param name="At">The time it opens.</param>
public readonly record struct DeskOpening(int DaysAhead, DayOfWeek Day, TimeOnly At);
