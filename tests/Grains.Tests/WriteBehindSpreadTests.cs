using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Abstractions;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// <see cref="ServingPersistenceOptions.WriteBehindSpread"/>: a timed write comes early by a random part of the delay
/// (never late), so grains a burst of deletions dirtied together do not all write one delay later.
/// </summary>
public sealed class WriteBehindSpreadTests
{
    [Theory]
    [InlineData(0.0, 0.0, 30.0)]
    [InlineData(0.0, 0.99, 30.0)]
    [InlineData(0.5, 0.0, 30.0)]
    [InlineData(0.5, 0.5, 22.5)]
    [InlineData(0.5, 0.999, 15.015)]
    [InlineData(1.0, 0.5, 15.0)]
    public void AWriteIsDueWithinTheDelayAndNoEarlierThanItsSpreadAllows(double spread, double sample, double expectedSeconds)
    {
        var due = WriteBehind.DueTime(TimeSpan.FromSeconds(30), spread, sample);
        Assert.Equal(expectedSeconds, due.TotalSeconds, 3);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void ASpreadOutsideZeroToOneIsAConfigurationError(double spread)
    {
        var options = new ServingPersistenceOptions { WriteBehindSpread = spread };
        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(ServingPersistenceOptions.WriteBehindSpread)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehind(new UnusedGrain(), () => Task.CompletedTask, TimeSpan.FromSeconds(2), NullLogger.Instance, spread: spread));
    }

    [Fact]
    public void TheDefaultSpreadIsNone()
    {
        var options = new ServingPersistenceOptions();
        Assert.Equal(0, options.WriteBehindSpread);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    // the constructor checks its arguments before it touches the grain
    private sealed class UnusedGrain : IGrainBase
    {
        public IGrainContext GrainContext => throw new NotSupportedException();
    }
}
