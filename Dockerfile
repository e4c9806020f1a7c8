# MarocAssistant host image. Build from the repository root: docker build -t marocassistant .
# The build fetches the Web Chat bundle from npm, so the SDK stage gets Node.js. ONNX Runtime comes with its NuGet package.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/MarocAssistant.Host/MarocAssistant.Host.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Listen on all interfaces inside the container; the port is published by docker-compose.
ENV ASPNETCORE_URLS=http://0.0.0.0:5080
EXPOSE 5080
USER app
ENTRYPOINT ["dotnet", "MarocAssistant.Host.dll"]
