using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class VersionChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every existing version lists all its live patches (and its file holds them): each is a snapshot.
            migrationBuilder.AddColumn<string>(
                name: "AddedIds",
                table: "ModelVersions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "IsSnapshot",
                table: "ModelVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "RemovedIds",
                table: "ModelVersions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AddedIds",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "IsSnapshot",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "RemovedIds",
                table: "ModelVersions");
        }
    }
}
