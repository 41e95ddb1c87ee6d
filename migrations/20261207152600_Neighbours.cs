using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class Neighbours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Retrains",
                table: "Corrections",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "NeighbourChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CorrectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Retrain = table.Column<int>(type: "INTEGER", nullable: false),
                    Input = table.Column<string>(type: "TEXT", nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: false),
                    After = table.Column<string>(type: "TEXT", nullable: false),
                    PatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PreActivation = table.Column<double>(type: "REAL", nullable: true),
                    Verdict = table.Column<string>(type: "TEXT", nullable: false),
                    MarkedBy = table.Column<string>(type: "TEXT", nullable: true),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeighbourChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NeighbourChanges_Corrections_CorrectionId",
                        column: x => x.CorrectionId,
                        principalTable: "Corrections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NeighbourChanges_CorrectionId_Retrain",
                table: "NeighbourChanges",
                columns: new[] { "CorrectionId", "Retrain" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NeighbourChanges");

            migrationBuilder.DropColumn(
                name: "Retrains",
                table: "Corrections");
        }
    }
}
