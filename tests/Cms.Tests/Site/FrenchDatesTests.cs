using Cms.Site;

namespace Cms.Tests.Site;

public sealed class FrenchDatesTests
{
    [Fact]
    public void A_date_is_written_as_a_french_newsroom_writes_it_in_paris_time() =>
        Assert.Equal("23 novembre 2024", FrenchDates.Date(new DateTime(2024, 11, 23, 22, 30, 0, DateTimeKind.Utc)));

    [Fact]
    public void The_first_day_of_a_month_is_written_1er() =>
        Assert.Equal("1er décembre 2024", FrenchDates.Date(new DateTime(2024, 12, 1, 8, 0, 0, DateTimeKind.Utc)));

    [Fact]
    public void Late_evening_utc_is_already_the_next_day_in_paris() =>
        Assert.Equal("1er décembre 2024 à 0 h 30", FrenchDates.DateAndTime(new DateTime(2024, 11, 30, 23, 30, 0, DateTimeKind.Utc)));

    [Fact]
    public void Time_follows_summer_time() =>
        Assert.Equal("14 juillet 2025 à 14 h 05", FrenchDates.DateAndTime(new DateTime(2025, 7, 14, 12, 5, 0, DateTimeKind.Utc)));

    [Fact]
    public void Iso_dates_carry_the_paris_offset() =>
        Assert.Equal("2024-11-23T15:05:00+01:00", FrenchDates.Iso(new DateTime(2024, 11, 23, 14, 5, 0, DateTimeKind.Utc)));
}
