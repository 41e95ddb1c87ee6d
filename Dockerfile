# Patcher Portal: one image for every role (docs/scale-out.md). Without arguments it is the embedded default:
# SQLite, Hangfire on SQLite, CPU, data in the /data volume.
#   docker build -t patcher-portal .                                      CPU libtorch
#   docker build --build-arg TORCH_BACKEND=cuda -t patcher-portal:cuda .  CUDA 12.8 libtorch for GPU hosts; run it with
#                                                                         --gpus all (NVIDIA Container Toolkit)
#   docker run -p 8080:8080 -v portal-data:/data patcher-portal [--role web|worker]
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
