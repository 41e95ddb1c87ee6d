using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class IngestTraffic : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "Confidence",
                table: "ReviewItems",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InputKey",
                table: "ReviewItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "ReviewItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Occurrences",
                table: "ReviewItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "IngestReceipts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    ReviewItemId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestReceipts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_Model_InputKey",
                table: "ReviewItems",
                columns: new[] { "Model", "InputKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestReceipts_Model_ClientId",
                table: "IngestReceipts",
                columns: new[] { "Model", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IngestReceipts_ReceivedAt",
                table: "IngestReceipts",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IngestReceipts");

            migrationBuilder.DropIndex(
                name: "IX_ReviewItems_Model_InputKey",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "Confidence",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "InputKey",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "Occurrences",
                table: "ReviewItems");
        }
    }
}
