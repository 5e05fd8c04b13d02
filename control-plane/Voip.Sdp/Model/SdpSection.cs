namespace Voip.Sdp;

/// <summary>
/// What the session level and media sections share: an ordered attribute list and the typed reads of the
/// attributes that may appear at either level (ICE, DTLS, direction, header extensions).
/// </summary>
public abstract class SdpSection
{
    public List<SdpAttribute> Attributes { get; } = [];

    public T? Find<T>() where T : SdpAttribute
    {
        foreach (var a in Attributes)
        {
            if (a is T t)
            {
                return t;
            }
        }
        return null;
    }

    public IReadOnlyList<T> FindAll<T>() where T : SdpAttribute
    {
        List<T>? list = null;
        foreach (var a in Attributes)
        {
            if (a is T t)
            {
                (list ??= []).Add(t);
            }
        }
        return list is null ? [] : list;
    }

    /// <summary>The value of the first attribute with this name (generic or typed), or null.</summary>
    public SdpAttribute? FindByName(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name)
            {
                return a;
            }
        }
        return null;
    }

    public bool HasFlag(string name) => FindByName(name) is not null;

    /// <summary>Replaces the first attribute of type <typeparamref name="T"/>, or appends it.</summary>
    public void Set<T>(T attribute) where T : SdpAttribute
    {
        var index = Attributes.FindIndex(a => a is T);
        if (index >= 0)
        {
            Attributes[index] = attribute;
        }
        else
        {
            Attributes.Add(attribute);
        }
    }

    public void Add(SdpAttribute attribute) => Attributes.Add(attribute);

    public void AddFlag(string name) => Attributes.Add(GenericAttribute.Flag(name));

    public string? IceUfrag => Find<IceUfragAttribute>()?.Ufrag;

    public string? IcePwd => Find<IcePwdAttribute>()?.Pwd;

    public IReadOnlyList<string> IceOptions => Find<IceOptionsAttribute>()?.Options ?? (IReadOnlyList<string>)[];

    public bool IceLite => HasFlag("ice-lite");

    public IReadOnlyList<FingerprintAttribute> Fingerprints => FindAll<FingerprintAttribute>();

    public SdpSetupRole? Setup => Find<SetupAttribute>()?.Role;

    /// <summary>The direction written in this section, or null when absent.</summary>
    public SdpDirection? Direction => Find<DirectionAttribute>()?.Direction;

    public IReadOnlyList<ExtmapAttribute> HeaderExtensions => FindAll<ExtmapAttribute>();

    public bool ExtmapAllowMixed => HasFlag("extmap-allow-mixed");

    public IReadOnlyList<CandidateAttribute> Candidates => FindAll<CandidateAttribute>();

    public bool EndOfCandidates => HasFlag("end-of-candidates");

    protected static bool SequenceEqual<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
            {
                return false;
            }
        }
        return true;
    }
}
