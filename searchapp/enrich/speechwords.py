"""The words newswire attributions are made of: verbs of saying, what may stand between a
subject and its verb or a verb and its clause, titles, roles and what a name may be called
("the umbrella organisation Cosla"). speakers.py reads sentences with them."""
from __future__ import annotations

from searchapp.enrich.normalise import DEMONYMS, ROLE_WORDS

# "X did Y, saying …": the subject of the sentence speaks (speakers.py reads them after a comma only).
PARTICIPLES = frozenset("saying adding warning arguing insisting claiming noting explaining stressing "
                        "predicting declaring suggesting".split())
# Verbs that carry a reported clause ("X said (that) …", "…, X warned."), past and present.
REPORTING = PARTICIPLES | frozenset("""
said says say told tells added adds warned warns claimed claims argued argues insisted insists
explained explains stressed stresses noted notes acknowledged acknowledges admitted admits
announced announces declared declares stated states wrote writes suggested suggests predicted
predicts conceded concedes confirmed confirms maintained maintains reiterated reiterates
emphasised emphasises emphasized emphasizes complained complains promised promises revealed
reveals alleged alleges contended contends countered counters replied replies responded responds
asserted asserts tweeted tweets
""".split())
# Verbs that attribute only the quotations of their sentence: "X called it “…”", "X asked: “…”".
QUOTING = frozenset("""
asked asks continued continues threatened threatens cautioned cautions commented comments
remarked remarks observed observes joked jokes vowed vows boasted boasts concluded concludes
recalled recalls urged urges assured assures denied denies called calls described describes
dismissed dismisses hailed hails welcomed welcomes thanked thanks praised praises criticised
criticises criticized criticizes accused accuses defended defends labelled labels labeled
branded brands condemned condemns blasted blasts slammed slams
""".split())
SPEECH_VERBS = REPORTING | QUOTING
# Verbs written before their subject after a quotation: “…,” said Lavrov.
INVERTING = frozenset("said says added adds asked asks wrote writes explained explains continued "
                      "replied insisted warned tweeted recalled declared admitted noted argued "
                      "conceded countered".split())
PARTICLE_VERBS = {"pointed": "out", "points": "out", "went": "on", "goes": "on"}
SPOKES_WORDS = frozenset("spokesman spokeswoman spokesperson spokesmen spokeswomen spokespeople "
                         "official officials representative representatives".split())
PRONOUNS = {"he": "male", "she": "female", "it": ""}
TITLES = {"mr": "male", "sir": "male", "lord": "male", "ms": "female", "mrs": "female", "miss": "female",
          "lady": "female", "dame": "female"}
POSTNOMINALS = frozenset("mp msp mep am qc kc jr sr obe mbe cbe phd".split())
DETERMINERS = frozenset("the a an its his her their our".split())
RELATIVE = frozenset("who whom whose which that where".split())
# Words before a name that make it a person's, whatever the model typed ("shadow chancellor Vince Cable").
PERSON_ROLES = ROLE_WORDS - frozenset("new top no number world international former late".split())
ROLES = ROLE_WORDS | frozenset("""
executive chief head boss founder co-founder owner analyst economist official expert strategist
chairman chairwoman chair president minister secretary correspondent editor lawyer attorney
prosecutor counsel adviser advisor aide campaigner director manager coach captain player star
singer actor actress writer author producer senior junior acting deputy shadow finance foreign
home defence defense economy health interior trade industry justice culture education
environment energy transport affairs general managing standing
organisation organization group company firm agency body union party watchdog regulator bank
carrier airline distributor retailer maker manufacturer giant network broadcaster newspaper
daily magazine website station club side team operator authority council board ministry
department institute foundation charity association federation alliance coalition
""".split())
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "man", "woman")
# Words that make a name before the verb something else than its subject ("close to X").
BREAKING = frozenset("to with by about against than like on at in from into near after before under "
                     "over between among of for who whom whose which that where".split())
# Words after the verb before its clause or at a sentence's end ("said on Thursday", "told reporters").
ADJUNCTS = frozenset("""
on in at to during after before late early earlier later last this yesterday today tonight
morning afternoon evening night week month year a an the his her their its statement interview
conference news briefing call reporters journalists also again recently previously once publicly
privately separately repeatedly
""".split()) | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
OBJECTS = frozenset("""
reporters journalists delegates supporters analysts investors lawmakers councillors jurors jury
judges court parliament audience crowd students staff workers members colleagues viewers
listeners readers website programme program newspaper radio television agency magazine channel
conference meeting
""".split())
# Between a subject and its verb: "Lavrov also said", "Putin has repeatedly warned".
SKIPPABLE = frozenset("also again later then has had have would will previously earlier once repeatedly "
                      "publicly recently today yesterday however further separately privately "
                      "subsequently reportedly meanwhile".split())
CLAUSE_BOUNDARY = frozenset(", ; : ( ) — – - while but and as after before when because although though "
                            "whereas since if so yet who which that where".split())
# A subject after these opens a clause about something else ("if he maintains his form").
SUBORDINATING = frozenset("if when because although though unless whether after before since once until "
                          "whenever".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# A clause has a verb: an auxiliary, a modal, a past tense.
FINITE = frozenset("""
is are was were will would could should can may might must had has have did does do shall won't
can't isn't aren't wasn't weren't wouldn't couldn't shouldn't hasn't haven't hadn't didn't doesn't
don't 's stood made took gave came went saw knew thought found told left felt kept held brought
began won lost met paid sold spent sent built became grew fell rose ran led meant put set cut hit
let got saw said
""".split())
NOT_CLAUSE_START = frozenset("on in at to nothing so yes no goodbye little much more of for by with "
                             "about how what why whether if when where who , . : ; ( — – - ! ?".split())
TELLING = frozenset("told tells assured assures reminded reminds".split())   # a verb with a hearer


def is_speech_verb(tokens, index: int) -> bool:
    word = tokens[index].lower
    if word in SPEECH_VERBS:
        return True
    return word in PARTICLE_VERBS and _particle(tokens, index) or word == "quoted" and quoted_as(tokens, index)


def _particle(tokens, index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].lower == PARTICLE_VERBS[tokens[index].lower]


def quoted_as(tokens, index: int) -> bool:
    """"X was quoted as saying": the verb is "quoted"."""
    return (tokens[index].lower == "quoted" and index + 2 < len(tokens)
            and tokens[index + 1].lower == "as" and tokens[index + 2].lower == "saying")


def verb_end(tokens, index: int) -> int:
    """Index after the verb (and its particle: "pointed out", "quoted as saying")."""
    if quoted_as(tokens, index):
        return index + 3
    if tokens[index].lower in PARTICLE_VERBS and _particle(tokens, index):
        return index + 2
    return index + 1


def is_role(word: str) -> bool:
    """A word for what a person or an organisation is ("minister", "striker", "organisation")."""
    word = word.rstrip(".")
    return word in ROLES or (len(word) > 4 and word.isalpha() and word.islower() and word.endswith(_AGENT_ENDINGS))


def is_adjunct(token) -> bool:
    """Between a verb and its "that": "said on Thursday that", "told BBC Radio that"."""
    return token.lower in ADJUNCTS or token.lower in OBJECTS or token.text[:1].isupper() or \
        token.text in ("'s", "’s") or token.mention is not None


def object_length(tokens, verb: int, end: int) -> int:
    """Words after "told"/"assured" naming whom ("told the BBC News website", "told reporters")."""
    if tokens[verb].lower not in TELLING:
        return 0
    k = end
    while k < len(tokens) and k - end < 8 and (tokens[k].lower in DETERMINERS or tokens[k].lower in OBJECTS
                                                or tokens[k].mention is not None or tokens[k].text[:1].isupper()
                                                or tokens[k].text in ("'s", "’s")):
        k += 1
    return k - end


def opens_clause(token) -> bool:
    """A word that can open a reported clause right after the verb (not "said on Thursday",
    "said in a statement", "said nothing")."""
    return token.lower not in NOT_CLAUSE_START and not token.text == "\x01"


SUBJECT_PRONOUNS = frozenset("it he she they we i you there".split())


def finite(tokens) -> bool:
    """Whether these words hold a verb that makes them a clause ("the plan would fail", "it
    opposes")."""
    if tokens and tokens[0].lower in SUBJECT_PRONOUNS:
        return True
    return any(t.lower in FINITE or (len(t.text) > 4 and t.text.islower() and t.text.endswith("ed")) for t in tokens)
