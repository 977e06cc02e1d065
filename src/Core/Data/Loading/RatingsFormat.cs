namespace UnlearnRec.Core.Data.Loading;

/// <summary>The raw explicit-rating layouts the loader understands.</summary>
internal enum RatingsFormat
{
    /// <summary><c>ratings.tsv[.gz]</c>: header <c>user&lt;TAB&gt;item&lt;TAB&gt;rating&lt;TAB&gt;timestamp</c>, tab-separated.</summary>
    Tsv,

    /// <summary>MovieLens 1M/10M <c>ratings.dat</c>: <c>user::item::rating::timestamp</c>, no header.</summary>
    Dat,

    /// <summary>MovieLens 100K <c>u.data</c>: <c>user item rating timestamp</c> separated by tabs, no header.</summary>
    UData,
}
