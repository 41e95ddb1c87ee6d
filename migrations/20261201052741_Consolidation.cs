using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class Consolidation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BaseModel",
                table: "ModelVersions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsolidationRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Task = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Scheduled = table.Column<bool>(type: "INTEGER", nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    FromVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ToVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    FoldedCorrections = table.Column<string>(type: "TEXT", nullable: false),
                    KeptEdits = table.Column<int>(type: "INTEGER", nullable: false),
                    RetrainedEdits = table.Column<int>(type: "INTEGER", nullable: false),
                    UnfixedEdits = table.Column<int>(type: "INTEGER", nullable: false),
                    PatchesBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    PatchesAfter = table.Column<int>(type: "INTEGER", nullable: false),
                    ParametersBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    ParametersAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    ErBefore = table.Column<double>(type: "REAL", nullable: true),
                    ErAfter = table.Column<double>(type: "REAL", nullable: true),
                    GrBefore = table.Column<double>(type: "REAL", nullable: true),
                    GrAfter = table.Column<double>(type: "REAL", nullable: true),
                    TrainRBefore = table.Column<double>(type: "REAL", nullable: true),
                    TrainRAfter = table.Column<double>(type: "REAL", nullable: true),
                    TestRBefore = table.Column<double>(type: "REAL", nullable: true),
                    TestRAfter = table.Column<double>(type: "REAL", nullable: true),
                    TrainingSteps = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsolidationRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsolidationRuns_Task_Status",
                table: "ConsolidationRuns",
                columns: new[] { "Task", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsolidationRuns");

            migrationBuilder.DropColumn(
                name: "BaseModel",
                table: "ModelVersions");
        }
    }
}
