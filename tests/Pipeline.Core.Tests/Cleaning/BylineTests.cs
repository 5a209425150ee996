using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public class BylineTests
{
    [Theory]
    [InlineData("By Jane Doe, Labor Correspondent", new[] { "Jane Doe" }, new[] { "Labor Correspondent" })]
    [InlineData("Sam Roe and Ann Lee | Staff Writers", new[] { "Sam Roe", "Ann Lee" }, new[] { "Staff Writers" })]
    [InlineData("by Jane Doe and Sam Roe", new[] { "Jane Doe", "Sam Roe" }, new string[0])]
    public void SplitByline_JobTitles_AreRolesNotAuthors(string byline, string[] names, string[] roles)
    {
        var (foundNames, foundRoles) = HtmlMetadataReader.SplitByline(byline);

        Assert.Equal(names, foundNames);
        Assert.Equal(roles, foundRoles);
        Assert.Equal(names, HtmlMetadataReader.SplitAuthors(byline));
    }
}
