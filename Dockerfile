# MarocAssistant host image. Build from the repository root: docker build -t marocassistant .
# The build fetches the Web Chat bundle from npm, so the SDK stage gets Node.js. ONNX Runtime comes with its NuGet package.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# For this machine's runtime, so that the host is compiled ahead of time (ReadyToRun, see the project): a fresh
# container serves its first minutes at full speed (docs/benchmarks.md, cold start).
RUN dotnet publish src/MarocAssistant.Host/MarocAssistant.Host.csproj -c Release --use-current-runtime --self-contained false -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Listen on all interfaces inside the container; the port is published by docker-compose.
ENV ASPNETCORE_URLS=http://0.0.0.0:5080
EXPOSE 5080
USER app
ENTRYPOINT ["dotnet", "MarocAssistant.Host.dll"]
