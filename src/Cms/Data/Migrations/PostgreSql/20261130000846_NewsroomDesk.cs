using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cms.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class NewsroomDesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EditorPresence",
                columns: table => new
                {
                    ContentItemId = table.Column<string>(type: "character varying(26)", maxLength: 26, nullable: false),
                    UserId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    UserName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    StartedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SeenUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EditorPresence", x => new { x.ContentItemId, x.UserId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContentItemVersions_ContentItemId_Number",
                table: "ContentItemVersions",
                columns: new[] { "ContentItemId", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EditorPresence");

            migrationBuilder.DropIndex(
                name: "IX_ContentItemVersions_ContentItemId_Number",
                table: "ContentItemVersions");
        }
    }
}
