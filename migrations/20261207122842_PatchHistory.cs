using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class PatchHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PatchLimit",
                table: "Corrections",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PatchEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    ModelVersion = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PatchEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PatchEvents_Patches_PatchId",
                        column: x => x.PatchId,
                        principalTable: "Patches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PatchEvents_PatchId_Id",
                table: "PatchEvents",
                columns: new[] { "PatchId", "Id" });

            // Each patch's one stored decision becomes the first event of its history before the columns go.
            migrationBuilder.Sql("""
                INSERT INTO "PatchEvents" ("PatchId", "Kind", "Status", "Actor", "At", "Reason", "ModelVersion")
                SELECT p."Id",
                       CASE WHEN p."DecidedBy" IS NULL THEN (CASE p."Status" WHEN 'Pending' THEN 'Trained' ELSE 'Served' END)
                            ELSE (CASE p."Status" WHEN 'Rejected' THEN 'Rejected' WHEN 'Removed' THEN 'Removed'
                                                  WHEN 'Retired' THEN 'Consolidated' ELSE 'Approved' END) END,
                       p."Status",
                       COALESCE(p."DecidedBy", (SELECT c."Author" FROM "Corrections" c WHERE c."Id" = p."CorrectionId"), 'system'),
                       COALESCE(p."DecidedAt", p."CreatedAt"), p."DecisionReason",
                       CASE WHEN p."Status" = 'Live' THEN p."LiveInVersion" END
                FROM "Patches" p;
                """);

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "Patches");

            migrationBuilder.DropColumn(
                name: "DecidedBy",
                table: "Patches");

            migrationBuilder.DropColumn(
                name: "DecisionReason",
                table: "Patches");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PatchEvents");

            migrationBuilder.DropColumn(
                name: "PatchLimit",
                table: "Corrections");

            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAt",
                table: "Patches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "Patches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionReason",
                table: "Patches",
                type: "TEXT",
                nullable: true);
        }
    }
}
