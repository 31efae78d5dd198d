# Build stage: the .NET SDK publishes the amts command line.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
COPY . /src
RUN dotnet publish /src/src/Amts.Cli/Amts.Cli.csproj -c Release -o /app

# Runtime stage: the .NET runtime with git (the sync drives the git CLI) and CA certificates (HTTPS to GitHub
# and AWS). GitHub runs container actions as root in /github/workspace with files owned by the runner, hence
# safe.directory; no USER or WORKDIR is set, as GitHub's docs ask.
FROM mcr.microsoft.com/dotnet/runtime:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory /github/workspace \
 && git config --system --add safe.directory '*'
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/amts.dll", "action"]
