namespace Amts.Bot.Translation.Aws;

// The request and response shapes of the Amazon Translate operations this project uses, named as in the service's
// API model (JSON 1.1, PascalCase members). Absent members are omitted from requests.

public sealed record TranslateTextRequest(string Text, string SourceLanguageCode, string TargetLanguageCode, IReadOnlyList<string>? TerminologyNames = null);
public sealed record AppliedTerminology(string Name);
public sealed record TranslateTextResponse(string TranslatedText, string SourceLanguageCode, string TargetLanguageCode, IReadOnlyList<AppliedTerminology>? AppliedTerminologies = null);

public sealed record InputDataConfig(string S3Uri, string ContentType);
public sealed record OutputDataConfig(string S3Uri);
public sealed record StartTextTranslationJobRequest(
    string JobName, InputDataConfig InputDataConfig, OutputDataConfig OutputDataConfig, string DataAccessRoleArn,
    string SourceLanguageCode, IReadOnlyList<string> TargetLanguageCodes, string ClientToken,
    IReadOnlyList<string>? TerminologyNames = null, IReadOnlyList<string>? ParallelDataNames = null);
public sealed record StartTextTranslationJobResponse(string JobId, string JobStatus);

public sealed record DescribeTextTranslationJobRequest(string JobId);
public sealed record JobDetails(int TranslatedDocumentsCount, int DocumentsWithErrorsCount, int InputDocumentsCount);
public sealed record TextTranslationJobProperties(
    string JobId, string JobName, string JobStatus, JobDetails? JobDetails, string? Message,
    OutputDataConfig? OutputDataConfig, IReadOnlyList<string>? TargetLanguageCodes);
public sealed record DescribeTextTranslationJobResponse(TextTranslationJobProperties TextTranslationJobProperties);

public sealed record ParallelDataConfig(string S3Uri, string Format);
public sealed record CreateParallelDataRequest(string Name, ParallelDataConfig ParallelDataConfig, string ClientToken, string? Description = null);
public sealed record CreateParallelDataResponse(string Name, string Status);
public sealed record UpdateParallelDataRequest(string Name, ParallelDataConfig ParallelDataConfig, string ClientToken, string? Description = null);
public sealed record UpdateParallelDataResponse(string Name, string Status, string? LatestUpdateAttemptStatus);
public sealed record GetParallelDataRequest(string Name);
public sealed record ParallelDataProperties(
    string Name, string Status, string? SourceLanguageCode, IReadOnlyList<string>? TargetLanguageCodes, string? Message,
    long ImportedRecordCount, long FailedRecordCount, long SkippedRecordCount, string? LatestUpdateAttemptStatus);
public sealed record GetParallelDataResponse(ParallelDataProperties ParallelDataProperties);

public sealed record TerminologyData(byte[] File, string Format, string? Directionality = null);
public sealed record ImportTerminologyRequest(string Name, string MergeStrategy, TerminologyData TerminologyData, string? Description = null);
public sealed record TerminologyProperties(string Name, string? SourceLanguageCode, IReadOnlyList<string>? TargetLanguageCodes, int TermCount);
public sealed record ImportTerminologyResponse(TerminologyProperties TerminologyProperties);

/// <summary>The limits the service documents, checked before a call is made.</summary>
public static class TranslateLimits
{
    /// <summary>TranslateText: at most this many bytes of UTF-8 text per call.</summary>
    public const int TranslateTextBytes = 10_000;
}
