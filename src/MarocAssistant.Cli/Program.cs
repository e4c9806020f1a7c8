using System.CommandLine;
using System.Text;
using MarocAssistant.Cli.Commands;

// `maroc`: the assistant's command line. Rule for every command: the last line printed is its headline figure, "<name>: <value>".
Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("MarocAssistant: ask, check the corpus, train and evaluate models, build the index, replay conversations.")
{
    AskCommand.Create(),
    AgentCommands.Create(),
    CorpusCommands.Create(),
    ReportCommand.Create(),
    ReplayCommand.Create(),
    RetrievalCommands.CreateIndexCommand(),
    new Command("train", "Train a model from the corpus and write it to models/.")
    {
        LangIdCommands.Train(),
        IntentCommands.Train(),
        RetrievalCommands.CreateTrainEncoderCommand(),
    },
    new Command("eval", "Evaluate a model, the retrieval or whole conversations on a labelled file.")
    {
        LangIdCommands.Eval(),
        IntentCommands.Eval(),
        RetrievalCommands.CreateEvalRetrievalCommand(),
        ConversationCommands.Eval(),
    },
};

return await root.Parse(args).InvokeAsync();
