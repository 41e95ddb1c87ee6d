using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class VersionChangesNeighbourRetainPatchKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every existing version lists all its live patches (and its file holds them): each is a snapshot.
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Patches",
                type: "text",
                nullable: false,
                defaultValue: "Neuron");

            migrationBuilder.AddColumn<string>(
                name: "AddedIds",
                table: "ModelVersions",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "IsSnapshot",
                table: "ModelVersions",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "RemovedIds",
                table: "ModelVersions",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "NeighbourChecks",
                table: "Metrics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "NeighbourRetain",
                table: "Metrics",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Patches");

            migrationBuilder.DropColumn(
                name: "AddedIds",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "IsSnapshot",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "RemovedIds",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "NeighbourChecks",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "NeighbourRetain",
                table: "Metrics");
        }
    }
}
