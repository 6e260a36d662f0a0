"""An independent probe suite of the event typing, one test per ACLED event type.

Each probe is one short sentence, written for this project from how wire services
and ACLED notes report conflict events and from the definitions of ACLED's codebook,
without looking at the extractor's trigger or context tables. For each of ACLED's 25
sub-event types six sentences vary the verb, the noun, the voice, the region and the
style (wire copy, and notes that open "On 3 May 2021, ..."); forty sentences report
no event (threats, plans, forecasts, denials, trials, anniversaries, statistics,
memories, negations, and sports or politics news that uses war words figuratively);
twenty probes check who does what to whom (actor1 and actor2) rather than exact names.

A probe runs the whole extractor on a one-sentence article dated 2021-05-04 and looks
at the first event it returns (``kind == "event"``). A probe the extractor gets wrong
is marked ``xfail(strict=True)`` with what the extractor says instead, so the suite
stays green and each mark is a documented miss: a fix makes its probe pass, strict
makes that a failure, and the mark is then removed. Expectations are never bent to fit
the output; where a sentence is ambiguous under the codebook it was reworded.
"""

from __future__ import annotations

import pytest

import geo_events as ge
from geo_events.models import Event

HEADER = "date 2021-05-04\n"


def xfail(reason: str) -> pytest.MarkDecorator:
    """A documented miss: ``reason`` is what the extractor says instead."""
    return pytest.mark.xfail(strict=True, reason=reason)


def first_event(geoparser: ge.Geoparser, sentence: str) -> Event | None:
    """The first event the extractor finds in a one-sentence article, or ``None``."""
    article = ge.parse_article(HEADER + sentence, source="probe")
    events = [e for e in geoparser.article_events(article) if e.kind == "event"]
    return events[0] if events else None


def sub_event_type_of(geoparser: ge.Geoparser, sentence: str) -> str | None:
    event = first_event(geoparser, sentence)
    return event.sub_event_type if event else None


# --------------------------------------------------------------------------- Battles

BATTLES = [
    # Armed clash: organised armed groups fight; no change of territory reported.
    ("Government troops clashed with al-Shabaab fighters near Afgooye on Tuesday, leaving seven dead.", "Armed clash"),
    ("On 3 May 2021, JNIM militants and the Malian army exchanged fire outside Boni.", "Armed clash"),
    ("Heavy fighting broke out between Houthi rebels and pro-government forces south of Marib.", "Armed clash"),
    ("Boko Haram insurgents ambushed a Nigerian army patrol near Gwoza, killing four soldiers.", "Armed clash"),
    ("Arakan Army fighters attacked a military outpost in Paletwa, sparking a gun battle that lasted several hours.", "Armed clash"),
    ("Two rival militias fought each other with machine guns in the Abu Salim district of Tripoli overnight.", "Armed clash"),
    # Government regains territory: state forces retake a place through fighting.
    ("Iraqi forces recaptured the town of Hit from Islamic State militants after a week of fighting.", "Government regains territory"),
    ("On 12 March 2021, the Ethiopian army retook Shire from TPLF forces after heavy clashes.", "Government regains territory"),
    ("Syrian government troops regained control of Khan Sheikhoun after fierce battles with rebels.", "Government regains territory"),
    ("The town of Palma was retaken by Mozambican security forces following heavy fighting with insurgents.", "Government regains territory"),
    ("Nigerian troops liberated Damasak from ISWAP fighters on Sunday after a fierce battle.", "Government regains territory"),
    ("Afghan security forces drove the Taliban out of the district centre of Ghormach after two days of fighting.", "Government regains territory"),
    # Non-state actor overtakes territory: a non-state (or foreign) force takes a place by fighting.
    ("Taliban fighters overran the district headquarters of Nirkh after a night of fighting.", "Non-state actor overtakes territory"),
    ("Al-Shabaab militants captured the town of Bulo Burde following clashes with Somali troops.", "Non-state actor overtakes territory"),
    ("On 24 March 2021, insurgents took control of Palma after a three-day assault on Mozambican forces.", "Non-state actor overtakes territory"),
    ('M23 rebels seized Bunagana from the Congolese army after heavy fighting.', 'Non-state actor overtakes territory'),
    ("The town of Menaka fell to Islamic State fighters after a battle with the Malian army.", "Non-state actor overtakes territory"),
    ('Houthi rebels stormed and captured a government military camp in al-Jawf after clashes with the army.', 'Non-state actor overtakes territory'),
]

# ------------------------------------------------------------ Explosions/Remote violence

EXPLOSIONS = [
    # Chemical weapon: chemical weapons used in warfare (tear gas at protests is not one).
    ("Syrian government helicopters dropped barrels of chlorine on Saraqib, causing dozens of cases of suffocation.", "Chemical weapon"),
    ("A sarin gas attack on Khan Sheikhoun killed more than 80 people.", "Chemical weapon"),
    ("On 7 April 2018, a chemical attack hit the town of Douma, leaving residents choking.", "Chemical weapon"),
    ("Islamic State fighters fired shells filled with mustard gas at Peshmerga positions near Makhmur.", "Chemical weapon"),
    ("Residents of Kafr Zita were exposed to toxic gas in an attack by pro-government forces.", "Chemical weapon"),
    ("Chlorine gas was used against civilians in the Ghouta town of Harasta, rescuers said.", "Chemical weapon"),
    # Air/drone strike: aircraft, helicopters or drones strike without other engagement.
    ("A US drone strike killed three al-Shabaab militants near Jilib.", "Air/drone strike"),
    ("Russian warplanes bombed a market in Maarat al-Numan, killing 15 people.", "Air/drone strike"),
    ("On 5 May 2021, Saudi-led coalition aircraft struck Houthi positions in Sanaa.", "Air/drone strike"),
    ("Turkish drones hit a vehicle carrying PKK members in Sinjar.", "Air/drone strike"),
    ("A village near Idlib was pounded by airstrikes overnight.", "Air/drone strike"),
    ("Army helicopter gunships strafed a rebel convoy near Kidal.", "Air/drone strike"),
    # Suicide bomb: a suicide bombing or suicide vehicle bomb, without an armed clash.
    ("A suicide bomber blew himself up at a mosque in Quetta, killing 12 worshippers.", "Suicide bomb"),
    ("On 4 May 2021, a suicide car bomb exploded at a checkpoint in Mogadishu.", "Suicide bomb"),
    ("A female suicide attacker detonated her explosive vest in a crowded market in Maiduguri.", "Suicide bomb"),
    ('Eight soldiers were killed when an attacker drove an explosives-laden truck into their base near Gao and blew it up.', 'Suicide bomb'),
    ("A suicide blast ripped through a wedding party in Kabul on Saturday night.", "Suicide bomb"),
    ("Two suicide bombers struck a police training centre in Quetta.", "Suicide bomb"),
    # Shelling/artillery/missile attack: artillery, mortars, rockets, missiles.
    ("Russian forces shelled residential areas of Kharkiv, killing four civilians.", "Shelling/artillery/missile attack"),
    ("Mortar rounds hit the Green Zone in Baghdad on Tuesday.", "Shelling/artillery/missile attack"),
    ("On 2 May 2021, Houthi rebels fired a ballistic missile at Marib city.", "Shelling/artillery/missile attack"),
    ("Israeli artillery pounded positions in southern Lebanon.", "Shelling/artillery/missile attack"),
    ('Rockets fired from Gaza landed in Ashkelon, injuring two people.', 'Shelling/artillery/missile attack'),
    ('Government howitzers bombarded rebel-held villages in the Nuba Mountains.', 'Shelling/artillery/missile attack'),
    # Remote explosive/landmine/IED: remotely or victim-detonated devices (not suicide).
    ("A roadside bomb struck a military convoy near Ghazni, killing three soldiers.", "Remote explosive/landmine/IED"),
    ("Two children were killed when they stepped on a landmine in Taiz province.", "Remote explosive/landmine/IED"),
    ("On 4 May 2021, an improvised explosive device detonated under a police vehicle in Kirkuk.", "Remote explosive/landmine/IED"),
    ("A car bomb exploded outside a hotel in Mogadishu, killing nine people.", "Remote explosive/landmine/IED"),
    ("A magnetic bomb attached to a minibus went off in western Kabul.", "Remote explosive/landmine/IED"),
    ("An explosive device planted by the roadside ripped through a bus carrying workers near Afrin.", "Remote explosive/landmine/IED"),
    # Grenade: a grenade or similar hand-thrown explosive.
    ("Unknown assailants hurled a grenade into a bar in Bujumbura, wounding eight people.", "Grenade"),
    ("A hand grenade was thrown at a police station in Srinagar, injuring two officers.", "Grenade"),
    ("On 1 May 2021, militants lobbed a grenade at a CRPF bunker in Sopore.", "Grenade"),
    ("A grenade attack on a market in Garissa left one person dead.", "Grenade"),
    ("Suspected gang members tossed a grenade into a crowd in Beni.", "Grenade"),
    ("Attackers on a motorbike threw a grenade at a bus stop in Kinshasa.", "Grenade"),
]

# ------------------------------------------------------------ Violence against civilians

VIOLENCE_AGAINST_CIVILIANS = [
    # Sexual violence.
    ("Soldiers raped three women in a village near Kalehe, a local official reported.", "Sexual violence"),
    ("On 3 May 2021, armed men sexually assaulted a girl in Djugu territory.", "Sexual violence"),
    ("Two women were gang-raped by militiamen near Bambari.", "Sexual violence"),
    ("RSF fighters raped several women in El Geneina.", "Sexual violence"),
    ("A teenage girl was raped by soldiers at a checkpoint near Mekelle.", "Sexual violence"),
    ("Gunmen subjected women to sexual violence during a raid on a village in Ituri.", "Sexual violence"),
    # Attack: an armed group attacks unarmed civilians.
    ('Gunmen shot dead a village chief in Bama on Monday.', 'Attack'),
    ("On 2 May 2021, ADF rebels killed 12 civilians with machetes in Beni territory.", "Attack"),
    ("Fulani militiamen massacred 20 villagers in Plateau state.", "Attack"),
    ('A journalist was stabbed to death by unknown assailants in Tegucigalpa.', 'Attack'),
    ("Soldiers opened fire on a bus carrying passengers near Mopti, killing five civilians.", "Attack"),
    ("Armed men executed four farmers in their fields near Djibo.", "Attack"),
    # Abduction/forced disappearance.
    ("Gunmen abducted 30 students from a school in Kaduna state.", "Abduction/forced disappearance"),
    ("On 4 May 2021, suspected Boko Haram fighters kidnapped two aid workers near Monguno.", "Abduction/forced disappearance"),
    ("A human rights activist was forcibly disappeared by security agents in Harare.", "Abduction/forced disappearance"),
    ('Bandits seized 12 passengers from a bus on the Abuja-Kaduna highway.', 'Abduction/forced disappearance'),
    ("Three engineers were taken hostage by armed men in the Niger Delta.", "Abduction/forced disappearance"),
    ('Al-Shabaab militants snatched a local elder from his home in Jowhar.', 'Abduction/forced disappearance'),
]

# ------------------------------------------------------------------------------ Protests

PROTESTS = [
    # Peaceful protest: demonstrators gather without violence and without intervention.
    ("Hundreds of people marched through Khartoum demanding civilian rule.", "Peaceful protest"),
    ("On 3 May 2021, teachers staged a sit-in outside the education ministry in Baghdad over unpaid salaries.", "Peaceful protest"),
    ("Farmers held a demonstration in front of the parliament in Beirut.", "Peaceful protest"),
    ("Thousands rallied in Yangon against the military junta.", "Peaceful protest"),
    ("Students protested peacefully at the University of Lagos against fee increases.", "Peaceful protest"),
    ("Dock workers went on strike and demonstrated outside the port of Mombasa over unpaid wages.", "Peaceful protest"),
    # Protest with intervention: a peaceful protest dispersed or suppressed without serious injury.
    ("Police fired tear gas to disperse protesters in Nairobi.", "Protest with intervention"),
    ("On 5 May 2021, security forces broke up a demonstration in Minsk and detained dozens.", "Protest with intervention"),
    ("Riot police used water cannon against demonstrators in Santiago.", "Protest with intervention"),
    ("Protesters in Lagos were dispersed by soldiers firing into the air.", "Protest with intervention"),
    ("Police arrested 20 people during a peaceful march in Kampala.", "Protest with intervention"),
    ('Security forces fired rubber bullets at a sit-in in Khartoum, lightly injuring several protesters.', 'Protest with intervention'),
    # Excessive force against protesters: lethal force or serious injury against peaceful protesters.
    ("Security forces opened fire on protesters in Mandalay, killing seven.", "Excessive force against protesters"),
    ("On 3 June 2019, soldiers killed dozens of demonstrators at a sit-in in Khartoum.", "Excessive force against protesters"),
    ("Police shot dead two protesters during a demonstration against fuel prices in Conakry.", "Excessive force against protesters"),
    ("Three demonstrators were killed by live ammunition when troops dispersed a rally in Baghdad.", "Excessive force against protesters"),
    pytest.param("A protester was beaten to death by police during a march in Bamako.", "Excessive force against protesters",
                 marks=xfail("extractor: Mob violence (actor1 'Rioters', actor2 'Police Forces of Mali')")),
    ("Security forces fired live ammunition at protesters in Nasiriyah, killing four.", "Excessive force against protesters"),
]

# --------------------------------------------------------------------------------- Riots

RIOTS = [
    # Violent demonstration: demonstrators fight, throw stones, destroy property.
    ("Protesters threw stones at police and set fire to a police station in Kisumu.", "Violent demonstration"),
    ("On 4 May 2021, demonstrators torched government offices in Jalalabad.", "Violent demonstration"),
    ("Rioters looted shops and burned cars in Durban during protests over the jailing of Zuma.", "Violent demonstration"),
    ("Angry protesters stormed the governor's office in Basra and clashed with guards.", "Violent demonstration"),
    ("Demonstrators clashed with riot police in Beirut, hurling rocks and firecrackers.", "Violent demonstration"),
    ("Youths protesting the killing of a motorcyclist vandalised a police post in Ouagadougou.", "Violent demonstration"),
    # Mob violence: a mob, outside a demonstration, attacks people, other mobs or property.
    ("A mob lynched a man accused of theft in a market in Port Harcourt.", "Mob violence"),
    ("On 2 May 2021, villagers beat a suspected kidnapper to death in Kano state.", "Mob violence"),
    ("An angry crowd set fire to the home of a man accused of blasphemy in Sialkot.", "Mob violence"),
    ('Supporters of rival parties fought each other with sticks and machetes in Kasama.', 'Mob violence'),
    ("A suspected thief was burned alive by a mob in Kisangani.", "Mob violence"),
    ('Members of two clans attacked each other with stones in Mandera, injuring 15.', 'Mob violence'),
]

# ------------------------------------------------------------------ Strategic developments

STRATEGIC_DEVELOPMENTS = [
    # Agreement: ceasefires, peace deals, prisoner exchanges, negotiated handovers.
    ("The government and the ELN signed a ceasefire agreement in Havana.", "Agreement"),
    ("On 5 May 2021, the warring parties agreed to a prisoner exchange in Aden.", "Agreement"),
    ("Rebels and the army reached a truce in Kidal mediated by the UN.", "Agreement"),
    ("A peace deal was signed between the Sudanese government and rebel groups in Juba.", "Agreement"),
    ('The Taliban freed 20 Afghan soldiers in exchange for 100 of its members held by the government.', 'Agreement'),
    ("Militants in Daraa accepted a reconciliation deal with government forces and handed over their heavy weapons.", "Agreement"),
    # Arrests: detention of a significant person, or politically significant mass arrests.
    ("Police arrested an opposition leader at his home in Kampala.", "Arrests"),
    ("On 4 May 2021, security forces detained a senior ISIS commander in Kirkuk.", "Arrests"),
    ("Troops rounded up 40 suspected militants in a raid on a village near Diffa.", "Arrests"),
    ("A prominent journalist was arrested by state security in Cairo.", "Arrests"),
    ("Counter-terrorism police apprehended three suspected al-Shabaab members in Mombasa.", "Arrests"),
    ("Iraqi intelligence officers captured an IS financier in Mosul.", "Arrests"),
    # Change to group/activity: groups formed, merged, split, renamed, recruiting, dissolved.
    ('Several armed factions in northern Syria merged to form a new coalition in Idlib.', 'Change to group/activity'),
    ('On 3 May 2021, the militia announced in Aden that it was changing its name to the Southern Resistance.', 'Change to group/activity'),
    ("Al-Shabaab began recruiting young men in villages around Baidoa.", "Change to group/activity"),
    ('A splinter faction broke away from the FARC dissidents and formed its own group in Cauca.', 'Change to group/activity'),
    ('A local militia in Ituri pledged allegiance to the Islamic State.', 'Change to group/activity'),
    ("The armed group announced its dissolution in Bangui and said its members would join the national army.", "Change to group/activity"),
    # Disrupted weapons use: defused or intercepted explosives, premature blasts, weapons seized.
    ("Army engineers defused a roadside bomb on the road between Kandahar and Spin Boldak.", "Disrupted weapons use"),
    ("On 4 May 2021, Saudi air defences intercepted a Houthi drone over Khamis Mushait.", "Disrupted weapons use"),
    ("Police seized a large cache of weapons and explosives in Jammu.", "Disrupted weapons use"),
    ('A bomb disposal team safely detonated an IED found near a school in Mogadishu.', 'Disrupted weapons use'),
    ('Two militants were killed when the bomb they were assembling exploded prematurely in Peshawar.', 'Disrupted weapons use'),
    ("Israel's Iron Dome shot down two rockets over Sderot.", "Disrupted weapons use"),
    # Headquarters or base established.
    ("Al-Shabaab set up a new base in the village of Bariire.", "Headquarters or base established"),
    ("On 2 May 2021, Turkish forces established a military outpost near Atarib.", "Headquarters or base established"),
    ("Wagner mercenaries have opened a new base at the airport in Timbuktu.", "Headquarters or base established"),
    ("JNIM fighters established a camp in the forest near Fada N'Gourma.", 'Headquarters or base established'),
    ("A new headquarters for the Rapid Support Forces was set up in Nyala.", "Headquarters or base established"),
    ('The Iran-backed militia made a school in Albukamal its headquarters.', 'Headquarters or base established'),
    # Looting/property destruction, outside other violence.
    ("Soldiers looted shops and homes in the market town of Mai Kadra.", "Looting/property destruction"),
    ("On 3 May 2021, armed men set fire to an empty school in Kumbo.", "Looting/property destruction"),
    ("Militants torched 30 houses in an abandoned village in Zamfara.", "Looting/property destruction"),
    ('RSF fighters plundered the central market in El Fasher.', 'Looting/property destruction'),
    ('Al-Shabaab destroyed a telecommunications mast near Mandera.', 'Looting/property destruction'),
    ('Armed bandits raided a village in Katsina and made off with 200 cattle.', 'Looting/property destruction'),
    # Non-violent transfer of territory: a place changes hands without fighting.
    ("The Malian army withdrew from the town of Boni, and JNIM fighters moved in without a fight.", "Non-violent transfer of territory"),
    ("On 5 May 2021, Taliban fighters took over Nili after government forces abandoned it without resistance.", "Non-violent transfer of territory"),
    ("French troops handed over the Gossi military base to the Malian army.", "Non-violent transfer of territory"),
    ("Government forces pulled out of Bentiu, leaving the town in the hands of SPLA-IO rebels.", "Non-violent transfer of territory"),
    ('Rebels entered Goma unopposed after Congolese troops retreated.', 'Non-violent transfer of territory'),
    ('Islamist fighters took control of Ansongo unopposed after soldiers abandoned their posts.', 'Non-violent transfer of territory'),
    # Other: significant developments of no other kind, e.g. a coup, the discovery of mass graves.
    ("Investigators discovered a mass grave containing 30 bodies near Izium.", "Other"),
    ("Soldiers staged a coup in Niamey and declared the government dissolved.", "Other"),
    ("A mass grave with the remains of dozens of civilians was found in Tadamon.", "Other"),
    ("The army took power in Ouagadougou in a bloodless coup on Monday.", "Other"),
    ("Exhumation teams uncovered a mass grave holding at least 50 bodies near Mekelle.", "Other"),
    ('Army officers overthrew the government of Guinea in Conakry without bloodshed.', 'Other'),
]

# ------------------------------------------------------------------------------ No event

NO_EVENT = [
    # Threats, plans, forecasts, calls.
    "Al-Shabaab threatened to attack Kenyan towns unless troops are withdrawn from Somalia.",
    "The army plans to launch an offensive on Idlib next month.",
    "Analysts warn that clashes could erupt in Tripoli ahead of the elections.",
    "The rebels vowed to retake Kidal before the end of the year.",
    "Security forces are on high alert in Lagos ahead of Friday's planned protests.",
    "The UN called for an immediate ceasefire in Tigray.",
    "If the militants attack Goma, the army will respond with force.",
    "Officials fear that fighting might resume in Darfur after the rainy season.",
    "Police will deploy 5,000 officers in Nairobi to prevent riots during the match.",
    "Ukraine's president urged allies to send more air defence systems.",
    # Denials, trials, anniversaries, statistics, memories.
    "The government denied that its troops had shelled the village of Kafr Nabl.",
    "The army denied reports that soldiers had raped women in Kalehe.",
    "A court in Nairobi sentenced two men to life in prison for the 2013 Westgate attack.",
    "The trial of 20 suspected jihadists opened in Paris on Wednesday.",
    "Residents of Garissa marked the sixth anniversary of the university massacre on Thursday.",
    "Survivors remembered the 1994 genocide at a ceremony in Kigali.",
    pytest.param("More than 3,000 people were killed in the conflict last year, according to a UN report.",
                 marks=xfail("extractor: Attack (actor1 '', actor2 'Civilians')")),
    pytest.param("Attacks on health workers in Syria doubled in 2020 compared with the previous year, a report said.",
                 marks=xfail("extractor: Attack (actor1 '', actor2 'Civilians')")),
    "'We were bombed every night in 2016,' a former resident of Aleppo recalled.",
    "A documentary about the siege of Sarajevo premiered in Berlin.",
    # Negations and quiet days.
    "No clashes were reported in Tripoli on Sunday.",
    "The army said no attacks took place in Borno over the weekend.",
    "Police said the situation in Kano remained calm on Tuesday.",
    "The army chief visited troops in Maiduguri on Monday.",
    # Sports, business and politics with war words used figuratively.
    'The team stormed to victory in the cup final in Lagos.',
    "The minister faced a barrage of criticism over the budget.",
    "The minister fired his adviser after the scandal.",
    "The striker shot the ball past the goalkeeper in the 89th minute.",
    "The opposition launched an attack on the government's economic record.",
    "Shares in the bank were hammered after the profit warning.",
    "Fans invaded the pitch in Madrid to celebrate the title win.",
    "The senator torpedoed the bill in committee.",
    "The chess champion launched a blistering assault on his opponent's king.",
    'Bread prices exploded in Beirut after the devaluation.',
    pytest.param("The startup captured a third of the mobile payments market in Nairobi.",
                 marks=xfail("extractor: Arrests (actor1 '', actor2 '')")),
    "The coach said his side would fight until the last minute.",
    "Kenyan runners blasted past the field to win the Boston marathon.",
    'The company killed off its loss-making division in Johannesburg.',
    "The election commission announced that the vote will be held in December.",
    "The president hit back at critics in a speech in Abuja.",
]

# ---------------------------------------------------------------------------- Actor roles
# (sentence, sub-event type or None, actor1, actor2): an actor is right when it
# contains one of the '|'-separated names (case-insensitive); None checks nothing.

ACTOR_ROLES = [
    ('Two SDF members were shot dead by ISIS gunmen near Hajin.', 'Armed clash', 'Islamic State', 'SDF|Syrian Democratic Forces'),
    ("Police detained 12 protesters in Basra.", "Protest with intervention", "Protesters", "Police|Iraq"),
    ("Gunmen kidnapped a doctor in Kaduna.", "Abduction/forced disappearance", None, "Civilians"),
    ("A Russian airstrike hit rebel positions in Idlib.", "Air/drone strike", "Russia", None),
    ("Taliban fighters attacked a police checkpoint in Kunduz.", "Armed clash", "Taliban", "Police|Afghanistan"),
    ("A police checkpoint in Kunduz was attacked by Taliban fighters.", "Armed clash", "Taliban", "Police|Afghanistan"),
    ("Al-Shabaab militants were killed by Somali troops in an operation near Jilib.", "Armed clash", "Somalia", "Shabaab"),
    ("Soldiers shot dead three civilians at a checkpoint in Mopti.", "Attack", "Mali", "Civilians"),
    ("Boko Haram abducted 20 women near Maiduguri.", "Abduction/forced disappearance", "Boko Haram", "Civilians"),
    ('Three farmers were killed by Fulani militiamen in Benue.', 'Attack', 'Fulani', 'Civilians'),
    ('Houthi rebels fired a missile at Marib.', 'Shelling/artillery/missile attack', 'Houthi|Ansar Allah', None),
    ('A mob lynched a suspected thief in Lagos.', 'Mob violence', 'Rioters', 'Civilians'),
    ("Protesters set fire to a police station in Kisumu.", "Violent demonstration", "Rioters", None),
    ("Security forces killed five protesters in Mandalay.", "Excessive force against protesters", "Protesters", "Myanmar"),
    ("The Iraqi army recaptured Tal Afar from the Islamic State.", "Government regains territory", "Iraq", "Islamic State"),
    ('Islamic State fighters captured Palmyra from Syrian government forces.', 'Non-state actor overtakes territory', 'Islamic State', 'Syria'),
    ('Nigerian police arrested an IPOB commander in Owerri.', 'Arrests', 'Nigeria|Police', 'IPOB|Indigenous People of Biafra'),
    ("JNIM militants kidnapped two Italian nuns in Koutiala.", "Abduction/forced disappearance", "JNIM|Jama'at Nusrat", "Civilians"),
    ('Israeli warplanes struck Hamas positions in Gaza.', 'Air/drone strike', 'Israel', 'Hamas'),
    ('An American soldier was wounded by a roadside bomb planted by al-Shabaab near Kismayo.', 'Remote explosive/landmine/IED', 'Shabaab', 'United States|US Army|US forces|US military'),
]


def names_match(actor: str, names: str | None) -> bool:
    """Whether ``actor`` contains one of the '|'-separated ``names`` (``None``: anything)."""
    return names is None or any(name.lower() in actor.lower() for name in names.split("|"))


# ------------------------------------------------------------------------------- Tests

@pytest.mark.parametrize(("sentence", "sub_event_type"), BATTLES)
def test_battles(geoparser: ge.Geoparser, sentence: str, sub_event_type: str) -> None:
    assert sub_event_type_of(geoparser, sentence) == sub_event_type


@pytest.mark.parametrize(("sentence", "sub_event_type"), EXPLOSIONS)
def test_explosions_remote_violence(geoparser: ge.Geoparser, sentence: str, sub_event_type: str) -> None:
    assert sub_event_type_of(geoparser, sentence) == sub_event_type


@pytest.mark.parametrize(("sentence", "sub_event_type"), VIOLENCE_AGAINST_CIVILIANS)
def test_violence_against_civilians(geoparser: ge.Geoparser, sentence: str, sub_event_type: str) -> None:
    assert sub_event_type_of(geoparser, sentence) == sub_event_type


@pytest.mark.parametrize(("sentence", "sub_event_type"), PROTESTS)
def test_protests(geoparser: ge.Geoparser, sentence: str, sub_event_type: str) -> None:
    assert sub_event_type_of(geoparser, sentence) == sub_event_type


@pytest.mark.parametrize(("sentence", "sub_event_type"), RIOTS)
def test_riots(geoparser: ge.Geoparser, sentence: str, sub_event_type: str) -> None:
    assert sub_event_type_of(geoparser, sentence) == sub_event_type


@pytest.mark.parametrize(("sentence", "sub_event_type"), STRATEGIC_DEVELOPMENTS)
def test_strategic_developments(geoparser: ge.Geoparser, sentence: str, sub_event_type: str) -> None:
    assert sub_event_type_of(geoparser, sentence) == sub_event_type


@pytest.mark.parametrize("sentence", NO_EVENT)
def test_no_event_is_reported(geoparser: ge.Geoparser, sentence: str) -> None:
    assert first_event(geoparser, sentence) is None


@pytest.mark.parametrize(("sentence", "sub_event_type", "actor1", "actor2"), ACTOR_ROLES)
def test_actor_roles(geoparser: ge.Geoparser, sentence: str, sub_event_type: str | None,
                     actor1: str | None, actor2: str | None) -> None:
    event = first_event(geoparser, sentence)
    assert event is not None
    assert sub_event_type is None or event.sub_event_type == sub_event_type
    assert names_match(event.actor1, actor1), event.actor1
    assert names_match(event.actor2, actor2), event.actor2
