using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PatcherPortal.Migrations
{
    /// <inheritdoc />
    public partial class NeighbourRetain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "NeighbourChecks",
                table: "Metrics",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "NeighbourRetain",
                table: "Metrics",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NeighbourChecks",
                table: "Metrics");

            migrationBuilder.DropColumn(
                name: "NeighbourRetain",
                table: "Metrics");
        }
    }
}
