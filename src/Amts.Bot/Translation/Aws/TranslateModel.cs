namespace Amts.Bot.Translation.Aws;

// The request and response shapes of the Amazon Translate operations this project uses, named as in the service's
// API model (JSON 1.1, PascalCase members). Absent members are omitted from requests.

internal sealed record TranslateTextRequest(
    string Text,
    string SourceLanguageCode,
    string TargetLanguageCode,
    IReadOnlyList<string>? TerminologyNames = null
);

internal sealed record AppliedTerminology(string Name);

internal sealed record TranslateTextResponse(
    string TranslatedText,
    string SourceLanguageCode,
    string TargetLanguageCode,
    IReadOnlyList<AppliedTerminology>? AppliedTerminologies = null
);

internal sealed record InputDataConfig(string S3Uri, string ContentType);

internal sealed record OutputDataConfig(string S3Uri);

internal sealed record StartTextTranslationJobRequest(
    string JobName,
    InputDataConfig InputDataConfig,
    OutputDataConfig OutputDataConfig,
    string DataAccessRoleArn,
    string SourceLanguageCode,
    IReadOnlyList<string> TargetLanguageCodes,
    string ClientToken,
    IReadOnlyList<string>? TerminologyNames = null,
    IReadOnlyList<string>? ParallelDataNames = null
);

internal sealed record StartTextTranslationJobResponse(string JobId, string JobStatus);

internal sealed record DescribeTextTranslationJobRequest(string JobId);

internal sealed record JobDetails(int TranslatedDocumentsCount, int DocumentsWithErrorsCount, int InputDocumentsCount);

internal sealed record TextTranslationJobProperties(
    string JobId,
    string JobName,
    string JobStatus,
    JobDetails? JobDetails,
    string? Message,
    OutputDataConfig? OutputDataConfig,
    IReadOnlyList<string>? TargetLanguageCodes
);

internal sealed record DescribeTextTranslationJobResponse(TextTranslationJobProperties TextTranslationJobProperties);

/// <summary>ListTextTranslationJobs (API reference): jobs filtered by name, status or submission time, paged by
/// <c>NextToken</c>, at most <c>MaxResults</c> per page.</summary>
internal sealed record TextTranslationJobFilter(string? JobName = null, string? JobStatus = null);

internal sealed record ListTextTranslationJobsRequest(
    TextTranslationJobFilter? Filter = null,
    string? NextToken = null,
    int? MaxResults = null
);

internal sealed record ListTextTranslationJobsResponse(
    IReadOnlyList<TextTranslationJobProperties>? TextTranslationJobPropertiesList,
    string? NextToken
);

internal sealed record StopTextTranslationJobRequest(string JobId);

internal sealed record StopTextTranslationJobResponse(string JobId, string JobStatus);

internal sealed record GetTerminologyRequest(string Name, string? TerminologyDataFormat = null);

internal sealed record GetTerminologyResponse(TerminologyProperties TerminologyProperties);

internal sealed record ParallelDataConfig(string S3Uri, string Format);

internal sealed record CreateParallelDataRequest(
    string Name,
    ParallelDataConfig ParallelDataConfig,
    string ClientToken,
    string? Description = null
);

internal sealed record CreateParallelDataResponse(string Name, string Status);

internal sealed record UpdateParallelDataRequest(
    string Name,
    ParallelDataConfig ParallelDataConfig,
    string ClientToken,
    string? Description = null
);

internal sealed record UpdateParallelDataResponse(string Name, string Status, string? LatestUpdateAttemptStatus);

internal sealed record GetParallelDataRequest(string Name);

internal sealed record ParallelDataProperties(
    string Name,
    string Status,
    string? SourceLanguageCode,
    IReadOnlyList<string>? TargetLanguageCodes,
    string? Message,
    long ImportedRecordCount,
    long FailedRecordCount,
    long SkippedRecordCount,
    string? LatestUpdateAttemptStatus
);

internal sealed record GetParallelDataResponse(ParallelDataProperties ParallelDataProperties);

internal sealed record TerminologyData(byte[] File, string Format, string? Directionality = null);

internal sealed record ImportTerminologyRequest(
    string Name,
    string MergeStrategy,
    TerminologyData TerminologyData,
    string? Description = null
);

internal sealed record TerminologyProperties(
    string Name,
    string? SourceLanguageCode,
    IReadOnlyList<string>? TargetLanguageCodes,
    int TermCount
);

internal sealed record ImportTerminologyResponse(TerminologyProperties TerminologyProperties);

/// <summary>The limits the service documents, checked before a call is made.</summary>
internal static class TranslateLimits
{
    /// <summary>TranslateText: at most this many bytes of UTF-8 text per call ("Guidelines and quotas", synchronous
    /// real-time translation). The same bound is the per-segment limit of both modes: a longer segment stays
    /// English.</summary>
    public const int TranslateTextBytes = 10_000;

    /// <summary>Batch: at most 1,000,000 characters per document, and 1 MB of translatable text in one document
    /// ("Guidelines and quotas", asynchronous batch translation); documents are packed below both with room for the
    /// envelopes.</summary>
    public const int BatchDocumentCharacters = 900_000;

    /// <summary>Batch: at most 1,000,000 documents and 5 GB in one job (same page); a run past either is split into
    /// jobs.</summary>
    public const int BatchDocumentsPerJob = 1_000_000;
    public const long BatchBytesPerJob = 5L * 1024 * 1024 * 1024;

    /// <summary>Batch: at most 10 concurrent jobs per account (same page): the jobs of one run are started at most this
    /// many at once.</summary>
    public const int ConcurrentBatchJobs = 10;
}
