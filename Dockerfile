# Patcher Portal, embedded default (SQLite, Hangfire on SQLite, CPU libtorch).
# GPU hosts: docker build --build-arg TORCH_BACKEND=cuda . (references the CUDA libtorch; needs the NVIDIA runtime).
ARG TORCH_BACKEND=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND
WORKDIR /src
COPY . .
RUN dotnet publish src/PatcherPortal.Web -c Release -o /app -p:TorchBackend=${TORCH_BACKEND} \
 && dotnet publish src/PatcherPortal.Cli -c Release -o /app/cli -p:TorchBackend=${TORCH_BACKEND}

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    Portal__DataDirectory=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "PatcherPortal.Web.dll"]
