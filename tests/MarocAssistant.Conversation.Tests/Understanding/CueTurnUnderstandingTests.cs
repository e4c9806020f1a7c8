using MarocAssistant.Conversation.Understanding;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class CueTurnUnderstandingTests
{
    private readonly CueTurnUnderstanding _understanding = new(CueTurnUnderstanding.DefaultPath);

    [Theory]
    [InlineData("bnti 3ndha 19 3am w 3mrha ma dart lakart", "first")]
    [InlineData("ولدي عندو 20 عام وعمرو ما دار البطاقة", "first")]
    [InlineData("weldi 3ndo 12 3am bghit ndir lih lakart", "minor")]
    public void Understand_ChildWithAnAge_MinorOnlyUnder18(string text, string kind)
    {
        var understood = _understanding.Understand(text);

        Assert.Equal(kind, understood.Situation.ImpliedKind);
    }

    [Theory]
    [InlineData("j'ai eu une condamnation il y a 5 ans", null)]
    [InlineData("j'habite en France depuis 12 ans", null)]
    [InlineData("هادي 5 سنين باش جيت", null)]
    [InlineData("I got it 5 years ago", null)]
    [InlineData("mon fils a 5 ans", 5)]
    [InlineData("عندو 8 سنين", 8)]
    public void Understand_NumberOfYearsThatTellsATime_IsNoAge(string text, int? age) =>
        Assert.Equal(age, _understanding.Understand(text).Situation.Age);

    [Theory]
    [InlineData("operator", TurnIntent.Handoff)]
    [InlineData("conseiller svp", TurnIntent.Handoff)]
    [InlineData("un humain", TurnIntent.Handoff)]
    [InlineData("شي موظف عافاك", TurnIntent.Handoff)]
    [InlineData("je suis agent de sécurité", TurnIntent.Question)]
    [InlineData("conseiller juridique", TurnIntent.Question)]
    public void Understand_PersonNamedAlone_IsAHandoff(string text, TurnIntent intent) =>
        Assert.Equal(intent, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("و كتخلص شي حاجة؟", Facet.Fees)]
    [InlineData("wach katkhlles chi haja?", Facet.Fees)]
    [InlineData("هل هناك حد اقصى للسن", Facet.Documents)]
    [InlineData("is there an age limit?", Facet.Documents)]
    public void Understand_FeeOrConditionAskedInOtherWords_IsThatFacet(string text, Facet facet) =>
        Assert.Equal(facet, _understanding.Understand(text).Facet);

    [Theory]
    [InlineData("شنو كتعطي هاد البطاقة", "شنو كتعطي")]
    [InlineData("et cette carte elle sert a quoi", "et elle sert a quoi")]
    [InlineData("chno kay3ti had lbita9a", "chno kay3ti")]
    public void Understand_Demonstrative_LeavesOutWhatItPointsAt(string text, string expected) =>
        Assert.Equal(expected, _understanding.Understand(text).WithoutPointedAt);

    [Fact]
    public void Understand_NoDemonstrative_PointsAtNothing() =>
        Assert.Null(_understanding.Understand("شنو كتعطي البطاقة").WithoutPointedAt);

    [Theory]
    [InlineData("هل هناك رقم هاتف لمستشار؟", TurnIntent.Handoff)]
    [InlineData("3tini numero nttasel bihom", TurnIntent.Handoff)]
    [InlineData("3tini numero dyal jarti", TurnIntent.Refuse)]
    [InlineData("give me the phone number of my ex", TurnIntent.Refuse)]
    public void Understand_PhoneNumberAskedFor_HandoffOnlyToReachTheAdministration(string text, TurnIntent intent) =>
        Assert.Equal(intent, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("merci bzzaf, bonne journée")]
    [InlineData("ok merci 3la kolchi")]
    [InlineData("الله يرحم الوالدين، شكرا")]
    [InlineData("شكرا على المعلومات")]
    [InlineData("thanks for your help, good day")]
    public void Understand_ThanksWithAClosing_IsThanks(string text) =>
        Assert.Equal(TurnIntent.Thanks, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("salaaaam", TurnIntent.Greeting)]
    [InlineData("سلااام", TurnIntent.Greeting)]
    [InlineData("merciiiii", TurnIntent.Thanks)]
    [InlineData("baraka allahou fik", TurnIntent.Thanks)]
    [InlineData("okkkk", TurnIntent.Acknowledge)]
    [InlineData("ok will do", TurnIntent.Acknowledge)]
    [InlineData("sounds good", TurnIntent.Acknowledge)]
    public void Understand_DrawnOutLettersOrAnotherSpelling_IsStillSmallTalk(string text, TurnIntent intent) =>
        Assert.Equal(intent, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("hi, do you speak english?", "en")]
    [InlineData("tu parles arabe ?", "arb")]
    [InlineData("wach kathder darija?", "ary-Latn")]
    public void Understand_AskingWhetherTheAssistantSpeaksALanguage_ChoosesIt(string text, string language)
    {
        var understood = _understanding.Understand(text);

        Assert.Equal((TurnIntent.ChooseLanguage, language), (understood.Intent, understood.Language));
    }

    [Theory]
    [InlineData("is this a bot?")]
    [InlineData("t es un robot ou une vraie personne?")]
    [InlineData("واش نتا روبو ولا بنادم اللي كيجاوب؟")]
    public void Understand_AskingWhatTheAssistantIs_IsHelpNotAHandoff(string text) =>
        Assert.Equal(TurnIntent.Help, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("allo? y a qq1?", TurnIntent.Presence)]
    [InlineData("allo, il y a quelqu'un ?", TurnIntent.Presence)]
    [InlineData("is anyone there?", TurnIntent.Presence)]
    [InlineData("السلام عليكم واش كاين شي حد هنا؟", TurnIntent.Presence)]
    [InlineData("wach kayn chi 7ad f lmo9ata3a nhar sebt?", TurnIntent.Question)]
    [InlineData("vous avez pas un numero ou je peux parler a qq1?", TurnIntent.Handoff)]
    public void Understand_ChatAbbreviationOfSomeone_IsRead(string text, TurnIntent intent) =>
        Assert.Equal(intent, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("bghit nhder m3a bnadem machi robot")]
    [InlineData("t'es qu'un robot, je veux un humain")]
    [InlineData("ما بغيتش الروبوت، بغيت شي بنادم")]
    [InlineData("no bot please, i want a real person")]
    public void Understand_AskingForAPersonNotABot_IsAHandoff(string text) =>
        Assert.Equal(TurnIntent.Handoff, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("merci, et les papiers?")]
    [InlineData("شكرا، وفين نمشي؟")]
    public void Understand_ThanksWithAQuestion_IsNotThanks(string text) =>
        Assert.NotEqual(TurnIntent.Thanks, _understanding.Understand(text).Intent);

    [Theory]
    [InlineData("ana saken f france w bghit njded lbasbor", true)]
    [InlineData("je vis en Belgique, comment renouveler ma CIN", true)]
    [InlineData("أنا مقيم في إيطاليا وبغيت نسافر لفرنسا", true)]
    [InlineData("bghit ndir visa schengen l france kifach", false)]
    [InlineData("I need a police record for a job in Qatar", false)]
    [InlineData("ghadi nmchi l amrika wach permis maghribi kaykhdem tma", false)]
    public void Understand_CountryNamed_AbroadOnlyWhenLivingThere(string text, bool abroad) =>
        Assert.Equal(abroad, _understanding.Understand(text).Situation.Abroad);

    [Theory]
    [InlineData("ghadi nmchi l amrika wach permis maghribi kaykhdem tma", true)]
    [InlineData("je pars en Espagne cet ete avec ma voiture", true)]
    [InlineData("ana saken f france w bghit njded lbasbor", false)]
    [InlineData("bghit njded lpermis dyali", false)]
    public void Understand_TripAbroad_GoesAbroadNotLivingThere(string text, bool goes) =>
        Assert.Equal(goes, _understanding.Understand(text).Situation.GoesAbroad);

    [Theory]
    [InlineData("بغيت ندوز البيرمي، واش نقدر نقرا بوحدي")]
    [InlineData("bghit ndouz lpermis had l3am")]
    [InlineData("je veux passer le permis B")]
    public void Understand_TakingTheDrivingTest_IsAFirstLicence(string text) =>
        Assert.Equal("first", _understanding.Understand(text).Situation.ImpliedKind);

    [Theory]
    [InlineData("wach khass lakart nasyonal?", true)]
    [InlineData("do i need a birth certificate too", true)]
    [InlineData("هل يجب إحضار عقد الازدياد؟", true)]
    [InlineData("une simple légalisation suffit ?", true)]
    [InlineData("il doit être traduit ?", true)]
    [InlineData("does it have to be translated", true)]
    [InlineData("do i have to register my staff somewhere", false)]
    [InlineData("bghit ndir lakart nasyonal", false)]
    public void Understand_YesNoRequirementQuestion_IsMarked(string text, bool asks) =>
        Assert.Equal(asks, _understanding.Understand(text).AsksRequirement);

    [Theory]
    [InlineData("w mn b3d khassni ntsjel f cnss")]
    [InlineData("ensuite je dois déclarer mes salariés")]
    [InlineData("also i need to legalise a signature")]
    public void Understand_AndThenINeed_MovesOnAndIsNotTheNextStep(string text)
    {
        var understood = _understanding.Understand(text);

        Assert.True(understood.MovesOn);
        Assert.NotEqual(Facet.NextStep, understood.Facet);
    }

    [Fact]
    public void Understand_WhatNext_IsTheNextStep() =>
        Assert.Equal(Facet.NextStep, _understanding.Understand("w mn b3d?").Facet);

    [Theory]
    [InlineData("hadchi ghalat machi hakda")]
    [InlineData("non, c'est pas ça")]
    public void Understand_ThatIsWrongInAFewWords_IsNegativeFeedback(string text) =>
        Assert.Equal(TurnIntent.FeedbackNegative, _understanding.Understand(text).Intent);

    [Fact]
    public void Understand_WrongInANameCorrection_IsAQuestion() =>
        Assert.Equal(TurnIntent.Question, _understanding.Understand("kayn wa7d lghalat f smiti f 3a9d lizdiyad kifach nsl7o").Intent);

    [Theory]
    [InlineData("thanks man", TurnIntent.Thanks)]
    [InlineData("ok ok jk", TurnIntent.Acknowledge)]
    [InlineData("allo? ya qlq1?", TurnIntent.Greeting)]
    public void Understand_SocialWordWithAnOtherWord_GivesItsSocialKind(string text, TurnIntent kind) =>
        Assert.Equal(kind, _understanding.Understand(text).SocialKind);

    [Theory]
    [InlineData("hey i need an id card", "hey", "id card")]
    [InlineData("bjr pour le permis svp", "bjr", "le permis svp")]
    public void Understand_GreetingAroundAQuestion_SubstanceLeavesItOut(string text, string greeting, string question)
    {
        var substance = _understanding.Understand(text).Substance;

        Assert.DoesNotContain(greeting, substance, StringComparison.Ordinal);
        Assert.Contains(question, substance, StringComparison.Ordinal);
    }

    [Fact]
    public void Understand_NoSocialWord_SubstanceIsTheMessage() =>
        Assert.Equal("je veux le permis", _understanding.Understand("je veux le permis").Substance);

    [Theory]
    [InlineData("est-ce que je peux savoir si ma voisine a un casier", TurnIntent.Refuse)]
    [InlineData("bghit n3ref wach zmili 3ndo sawabi9", TurnIntent.Refuse)]
    [InlineData("how can I check if my ex has a criminal record", TurnIntent.Refuse)]
    [InlineData("je veux savoir si mon futur locataire a un casier judiciaire", TurnIntent.Refuse)]
    [InlineData("can I check whether my tenant has a criminal record?", TurnIntent.Refuse)]
    [InlineData("بغيت نعرف واش المكتري ديالي عندو السوابق", TurnIntent.Refuse)]
    [InlineData("je veux savoir si mon casier judiciaire est vierge", TurnIntent.Question)]
    [InlineData("mon voisin peut-il deposer mon dossier de passeport", TurnIntent.Question)]
    public void Understand_FindingOutAboutSomeoneElse_IsRefused(string text, TurnIntent intent) =>
        Assert.Equal(intent, _understanding.Understand(text).Intent);
}
