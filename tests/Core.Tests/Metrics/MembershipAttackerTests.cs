using UnlearnRec.Core.Metrics;

namespace UnlearnRec.Core.Tests.Metrics;

public sealed class MembershipAttackerTests
{
    private static double[] Normal(Random random, int n, double mean, double sd) =>
        Enumerable.Range(0, n).Select(_ =>
        {
            // Box–Muller
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }).ToArray();

    [Fact]
    public void Learns_to_separate_clearly_separated_score_distributions()
    {
        var random = new Random(1);
        var members = Normal(random, 3000, 2, 0.5);
        var nonMembers = Normal(random, 3000, -2, 0.5);

        var attacker = MembershipAttacker.Train(members, nonMembers);

        Assert.True(attacker.BalancedAccuracy(Normal(random, 1000, 2, 0.5), Normal(random, 1000, -2, 0.5)) > 0.97);
        Assert.True(attacker.PresentProbability(2.5) > 0.9);
        Assert.True(attacker.PresentProbability(-2.5) < 0.1);
    }

    [Fact]
    public void Learns_a_non_monotone_rule_that_a_threshold_on_p_cannot()
    {
        // members in the middle, non-members on both sides: the best threshold on p gets at most 75 %
        var random = new Random(2);
        var members = Normal(random, 4000, 0, 0.3);
        var nonMembers = Normal(random, 2000, -3, 0.3).Concat(Normal(random, 2000, 3, 0.3)).ToArray();

        var attacker = MembershipAttacker.Train(members, nonMembers);

        Assert.True(attacker.BalancedAccuracy(members, nonMembers) > 0.9);
        Assert.True(attacker.PresentProbability(0) > 0.8);
        Assert.True(attacker.PresentProbability(3) < 0.2);
        Assert.True(attacker.PresentProbability(-3) < 0.2);
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var random = new Random(3);
        var members = Normal(random, 500, 1, 1);
        var nonMembers = Normal(random, 700, -1, 1);

        var a = MembershipAttacker.Train(members, nonMembers, new MembershipAttackerOptions { Seed = 5 });
        var b = MembershipAttacker.Train(members, nonMembers, new MembershipAttackerOptions { Seed = 5 });
        var c = MembershipAttacker.Train(members, nonMembers, new MembershipAttackerOptions { Seed = 6 });

        foreach (var s in new[] { -3.0, -0.5, 0, 0.7, 4 })
        {
            Assert.Equal(a.PresentProbability(s), b.PresentProbability(s));
        }

        Assert.NotEqual(a.PresentProbability(0.7), c.PresentProbability(0.7));
    }

    [Fact]
    public void Attacker_ratios_use_present_probability_in_place_of_sigmoid()
    {
        var random = new Random(4);
        var attacker = MembershipAttacker.Train(Normal(random, 2000, 2, 0.5), Normal(random, 2000, -2, 0.5));
        double[] before = [2, 2.2, 1.8];
        double[] after = [-2, -1.9, -2.2];     // forgotten edges now look like non-members
        double[] negatives = [-2.1, -2, -1.8];

        var miBf = attacker.MiBf(before, after);
        var miNg = attacker.MiNg(negatives, after);

        Assert.Equal(attacker.MeanPresentProbability(before) / attacker.MeanPresentProbability(after), miBf, 12);
        Assert.True(miBf > 5, $"MI-BF {miBf}");
        Assert.InRange(miNg, 0.5, 2); // indistinguishable from negatives
        Assert.True(attacker.MiNg(negatives, before) < 0.2); // not forgotten: far below 1
    }

    [Fact]
    public void Training_rejects_an_empty_class()
    {
        Assert.Throws<ArgumentException>(() => MembershipAttacker.Train([], [1.0]));
        Assert.Throws<ArgumentException>(() => MembershipAttacker.Train([1.0], []));
    }
}
