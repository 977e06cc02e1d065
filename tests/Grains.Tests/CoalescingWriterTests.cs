using Microsoft.Extensions.Time.Testing;
using UnlearnRec.Grains.Persistence;

namespace UnlearnRec.Grains.Tests;

/// <summary>
/// Group commit (<see cref="CoalescingWriter"/>): callers share writes, and with a spacing a write starts no sooner than
/// that long after the previous one started (the deletion ledger's <c>WriteSpacing</c>). Uses a fake clock, so nothing
/// here depends on this machine's speed.
/// </summary>
public sealed class CoalescingWriterTests
{
    [Fact]
    public async Task WithoutSpacingTheNextWriteStartsAsSoonAsTheRunningOneEnds()
    {
        var running = new TaskCompletionSource();
        var writes = 0;
        var writer = new CoalescingWriter(() =>
        {
            writes++;
            return writes == 1 ? running.Task : Task.CompletedTask;
        });

        var first = writer.WriteAsync();
        var second = writer.WriteAsync();
        var third = writer.WriteAsync();
        Assert.Equal(1, writes);
        Assert.False(second.IsCompleted);

        running.SetResult();
        await Task.WhenAll(first, second, third);
        Assert.Equal(2, writes); // the two callers that came during the first write shared one write
    }

    [Fact]
    public async Task WithSpacingTheNextWriteWaitsForItAndCoversEveryCallerMeanwhile()
    {
        var (time, counter, writer) = SpacedOneSecond();

        await writer.WriteAsync();
        Assert.Equal(1, counter.Writes); // the first write does not wait

        var second = writer.WriteAsync();
        time.Advance(TimeSpan.FromMilliseconds(400));
        var third = writer.WriteAsync();
        time.Advance(TimeSpan.FromMilliseconds(599));
        Assert.Equal(1, counter.Writes);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(second, third);
        Assert.Equal(2, counter.Writes);
    }

    [Fact]
    public async Task WithSpacingAWriteLongAfterThePreviousOneStartsAtOnce()
    {
        var (time, counter, writer) = SpacedOneSecond();

        await writer.WriteAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        var later = writer.WriteAsync();
        Assert.Equal(2, counter.Writes);
        await later;
    }

    [Fact]
    public async Task AnExpeditedWriteSkipsTheRestOfItsSpacing()
    {
        var (time, counter, writer) = SpacedOneSecond();
        var first = writer.WriteAsync();
        await first;
        Assert.False(writer.Expedite(first)); // already written: nothing to hurry

        var second = writer.WriteAsync();
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, counter.Writes);
        Assert.True(writer.Expedite(second));
        await second.WaitAsync(TimeSpan.FromSeconds(10)); // no further time passes on the fake clock
        Assert.Equal(2, counter.Writes);

        // the spacing applies again to the write after the expedited one
        var third = writer.WriteAsync();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(2, counter.Writes);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third;
        Assert.Equal(3, counter.Writes);
    }

    [Fact]
    public async Task ExpeditingAnotherTaskLeavesThePendingWriteWaiting()
    {
        var (time, counter, writer) = SpacedOneSecond();
        await writer.WriteAsync();

        var pending = writer.WriteAsync();
        Assert.False(writer.Expedite(Task.CompletedTask));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, counter.Writes);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await pending;
        Assert.Equal(2, counter.Writes);
    }

    [Fact]
    public async Task AFailedWriteFailsItsCallersAndTheNextWriteStillRuns()
    {
        var writes = 0;
        var writer = new CoalescingWriter(() =>
        {
            writes++;
            return writes == 1 ? Task.FromException(new IOException("store down")) : Task.CompletedTask;
        });

        await Assert.ThrowsAsync<IOException>(writer.WriteAsync);
        await writer.WriteAsync();
        Assert.Equal(2, writes);
    }

    [Fact]
    public void ANegativeSpacingIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoalescingWriter(() => Task.CompletedTask, TimeSpan.FromMilliseconds(-1)));

    // counts the writes that started; each completes at once
    // a writer whose writes start at least 1 s apart on a fake clock, counting its writes
    private static (FakeTimeProvider Time, WriteCounter Counter, CoalescingWriter Writer) SpacedOneSecond()
    {
        var time = new FakeTimeProvider();
        var counter = new WriteCounter();
        return (time, counter, new CoalescingWriter(counter.WriteAsync, TimeSpan.FromSeconds(1), time));
    }

    private sealed class WriteCounter
    {
        public int Writes { get; private set; }

        public Task WriteAsync()
        {
            Writes++;
            return Task.CompletedTask;
        }
    }
}
