using TorchSharp;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// A GNNDelete-style membership-inference attacker (method.md §6.4, optional variant): a small MLP (2→32→32→2)
/// trained on a shadow model's link posteriors, features [1 − p, p] with p = σ(score); label 1 for the shadow model's
/// training edges, 0 for non-edges. Here the shadow model is the original model itself (the attacker knows its
/// training edges), so the attacker learns how the original model's scores separate members from non-members.
/// Its P(present) then replaces σ in the MI ratios.
/// </summary>
/// <remarks>Internal to the experiment runner until a shared membership-inference module lands in Core.</remarks>
internal sealed class MembershipAttacker : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _net;

    private MembershipAttacker(nn.Module<Tensor, Tensor> net) => _net = net;

    /// <summary>Trains the attacker with full-batch Adam on balanced member / non-member scores.</summary>
    public static MembershipAttacker Train(float[] memberScores, float[] nonMemberScores, int seed, int epochs = 300)
    {
        ArgumentNullException.ThrowIfNull(memberScores);
        ArgumentNullException.ThrowIfNull(nonMemberScores);
        if (memberScores.Length == 0 || nonMemberScores.Length == 0)
        {
            throw new ArgumentException("the attacker needs members and non-members");
        }

        torch.manual_seed(seed);
        var net = nn.Sequential(
            ("fc1", nn.Linear(2, 32)), ("relu1", nn.ReLU()),
            ("fc2", nn.Linear(32, 32)), ("relu2", nn.ReLU()),
            ("out", nn.Linear(32, 2)));
        using var optimizer = optim.Adam(net.parameters(), lr: 0.01);
        using (var scope = NewDisposeScope())
        {
            var features = Features([.. memberScores, .. nonMemberScores]);
            var labels = cat([ones(memberScores.Length, ScalarType.Int64), zeros(nonMemberScores.Length, ScalarType.Int64)]);
            // weight classes equally even if the two samples differ in size
            var weights = tensor(new[] { 1f / nonMemberScores.Length, 1f / memberScores.Length }) * ((memberScores.Length + nonMemberScores.Length) / 2f);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                using var step = NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(net.call(features), labels, weight: weights);
                loss.backward();
                optimizer.step();
            }
        }

        net.eval();
        return new MembershipAttacker(net);
    }

    /// <summary>P(present) for each score.</summary>
    public float[] PresentProbability(float[] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length == 0)
        {
            return [];
        }

        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var p = nn.functional.softmax(_net.call(Features(scores)), 1).select(1, 1);
            return p.contiguous().data<float>().ToArray();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _net.Dispose();

    private static Tensor Features(float[] scores)
    {
        var p = sigmoid(tensor(scores));
        return stack([1 - p, p], 1);
    }
}
