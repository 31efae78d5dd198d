# Local builds and the release workflow (.github/workflows/release.yml) build this image; action.yml runs the
# prebuilt image from ghcr.io, so no job rebuilds it. The build context is filtered by .dockerignore.

# Build stage: restore in its own layer (cached while no project or package version changes), then publish.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.*.props global.jso[n] .editorconfi[g] ./
COPY src/Amts.Bot/Amts.Bot.csproj src/Amts.Bot/
COPY src/Amts.Cli/Amts.Cli.csproj src/Amts.Cli/
RUN dotnet restore src/Amts.Cli/Amts.Cli.csproj
COPY src/ src/
RUN dotnet publish src/Amts.Cli/Amts.Cli.csproj -c Release --no-restore -o /app

# Runtime stage: the .NET runtime with git (the sync drives the git CLI), CA certificates (HTTPS to GitHub and
# AWS) and Apertium with the English–Spanish pair (the `apertium` engine the configuration offers). GitHub runs
# container actions as root in /github/workspace with files owned by the runner, hence safe.directory; no USER
# or WORKDIR is set, as GitHub's docs ask.
FROM mcr.microsoft.com/dotnet/runtime:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates apertium apertium-eng-spa \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory /github/workspace \
 && git config --system --add safe.directory '*'
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/amts.dll", "action"]
