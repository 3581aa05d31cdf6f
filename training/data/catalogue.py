"""Seed data for the eleven-training catalogue (R-TRN-1, R-TRN-2).

This module restates section F ("Training") of the Parent Partner Approach
handbook (shared/seeds/002_b40a0f523b9c9167.txt, lines 675-1002) as plain
Python data, for use by a data migration that fills the training catalogue.

- R-TRN-1: eleven trainings; 1-6 are required before one-on-one mentoring
  can begin, 7-11 within one year of acceptance; approval is not complete
  until all 11 are done (handbook lines 677-680, 817-821).
- R-TRN-2: trainings 2-11 are given by a qualified individual, address each
  identified objective and last at least two hours (handbook lines 682-686,
  823-825).
- R-TRN-3: BABF follows the state approved curriculum and is given by two
  approved co-trainers, a Parent Partner and a child welfare professional
  (handbook lines 688-694).

SHADOWING_ITEMS restates the shadowing list of R-ROLE-4, which is in
section C of the handbook (lines 187-194), not section F.

The objectives are restated close to the handbook's own words; only obvious
typos are corrected. Where the handbook states no objectives, the entry says
so in a comment. Handbook line numbers refer to the seed file above.
"""

TRAININGS = [
    # handbook lines 688-694 (section F, item 1); also line 161 (section C, PPiT)
    # The handbook gives NO length for BABF: the "at least two hours" minimum
    # (lines 682-683) applies only to trainings 2-11, and BABF "must follow
    # state approved curriculum" (line 692) without stating its duration.
    # minimum_hours is therefore None: no minimum is enforced for BABF.
    # The handbook also states no objectives for BABF (the content is the
    # state approved curriculum), so "objectives" is empty.
    {
        "number": 1,
        "name": "Building a Better Future",
        "short_name": "BABF",
        "required_before_mentoring": True,
        "required_within_first_year": False,
        "minimum_hours": None,  # the handbook gives no BABF length: the state curriculum sets it
        "co_trainers_required": True,  # a Parent Partner + a child welfare professional (R-TRN-3)
        "objectives": [],
    },
    # handbook lines 697-715 (objectives 706-715); section C line 163 calls it
    # "Mandated Reporter Training"
    {
        "number": 2,
        "name": "Mandatory Reporter",
        "short_name": "Mandatory Reporter",
        "required_before_mentoring": True,
        "required_within_first_year": False,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Learn the history of when the law was enacted in Iowa and important "
            "definitions like MD Teams, Child Protection Centers and Safe Havens.",
            "Learn who is considered a permissive mandated versus a mandatory reporter.",
            "Learn each category of abuse in Iowa.",
            "Learn how a report is made.",
            "Learn the three findings that are possible in a child abuse assessment: "
            "founded, confirmed not on the registry, and not confirmed.",
        ],
    },
    # handbook lines 718-749 (objectives 729-749; the first, unlettered
    # objective is at lines 731-732)
    {
        "number": 3,
        "name": "Boundaries and Safety Issues",
        "short_name": "Boundaries",
        "required_before_mentoring": True,
        "required_within_first_year": False,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Learn the importance of appropriate boundaries to the working "
            "relationship, positive outcomes, and their own mental health.",
            "Learn how to set and maintain appropriate physical and emotional "
            "boundaries between themselves and those they will mentor.",
            "Learn about types of potentially harmful dual relationships when "
            "working as a Parent Partner: Intimacy, Emotional/Dependency, "
            "Personal Benefit/Gain, etc.",
            "Learn tips and methods to avoid falling into the above dual relationships.",
            "As a group, define and discuss ethical behaviors of Parent Partners, "
            "including but not limited to: behavior in the working relationship, "
            "behavior when not acting as a Parent Partner, empowerment, dual "
            "relationships, confidentiality, honesty, self-disclosure, conflicts "
            "of interest.",
            "Learn about the importance of self-care.",
            "Discuss potential conflicts and resolve them as a group.",
            "Gain awareness of consequences and/or responsibilities of unethical behavior.",
        ],
    },
    # handbook lines 755-773 (objectives 763-773)
    {
        "number": 4,
        "name": "DHS 101",
        "short_name": "DHS 101",
        "required_before_mentoring": True,
        "required_within_first_year": False,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Gain an understanding of the DHS role.",
            "Articulate justifications for removal.",
            "Navigate through a case plan and other basic court documents.",
            "List the types of placements available to youth in DHS custody.",
            "Gain a general understanding of the Child and Family Service Review "
            "(CFSR) and the required federal outcomes, and how these affect families.",
            "Articulate the intake process.",
            "Explain the types of court hearings.",
            "Gain an understanding of Differential Response.",
        ],
    },
    # handbook lines 776-798 (objectives 785-798)
    {
        "number": 5,
        "name": "Family Interaction Overview",
        "short_name": "Family Interaction",
        "required_before_mentoring": True,
        "required_within_first_year": False,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Gain an initial understanding and overview of Family Interaction.",
            "Gain a clear understanding of a Family Interaction Plan, including "
            "the primary purpose of family interaction.",
            "Clearly identify the goals of Family Interaction.",
            "Have knowledge of the Family Interaction Guidelines, including "
            "language such as Threats of Maltreatment, Child Vulnerability, and "
            "Protective Capacities.",
            "Identify and understand the safety assessment outcomes, including unsafe, conditionally safe and safe.",
        ],
    },
    # handbook lines 801-814 (objectives 808-814); the handbook spells
    # HIPAA as "HIPPA" (line 809)
    {
        "number": 6,
        "name": "Confidentiality",
        "short_name": "Confidentiality",
        "required_before_mentoring": True,
        "required_within_first_year": False,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Learn the philosophy behind confidentiality and HIPAA.",
            "Handle confidential paperwork.",
            "Understand releases.",
            "Communicate with professionals.",
            "Handle social encounters with families being mentored.",
            "Understand the consequences of using social media.",
        ],
    },
    # handbook lines 826-854 (objectives 833-854); the handbook's heading is
    # "Domestic Violence (DV) 101 Training"
    {
        "number": 7,
        "name": "Domestic Violence 101",
        "short_name": "DV 101",
        "required_before_mentoring": False,
        "required_within_first_year": True,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Learn the dynamics of domestic violence via use of the Power and Control Wheel.",
            "Examine myths and stereotypes about victims and perpetrators of "
            "domestic violence and learn how those myths and stereotypes "
            "perpetuate domestic violence in our society.",
            "Learn about the impact of domestic violence on children and parenting skills.",
            "Learn common techniques for working with domestic violence victims "
            "(interviewing skills, active listening, avoiding victim-blaming, etc.).",
            "Learn about the impact of intervention on safety for victims of domestic violence and their children.",
            "Learn basic safety planning techniques for victims.",
            "Learn basic safety planning techniques for themselves when working "
            "in a home with known domestic violence issues.",
            "Learn how to examine one's own past or present experiences with "
            "domestic violence in order to ensure proper emotional boundaries "
            "and appropriate work with birth parents.",
        ],
    },
    # handbook lines 857-880 (objectives 864-880)
    {
        "number": 8,
        "name": "Mental Health",
        "short_name": "Mental Health",
        "required_before_mentoring": False,
        "required_within_first_year": True,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Learn the Institute Mental Health Network.",
            "Receive a Mental Health Task Force Overview.",
            "Understand what causes stress and depression.",
            "Distinguish the definition and kinds of depression (including but "
            "not limited to seasonal, post-partum, bereavement, clinical, bi-polar).",
            "Know approved treatments for, and signs and symptoms of, various depressions.",
            "Learn facts about suicide and resources available for those struggling with thoughts of suicide.",
            "Know the environmental and sociological influences of mental health.",
            "Hear examples of how to help individuals with mental health issues and learn what not to say or do.",
            "Ask questions about suicide, depression, and mental health.",
            "Build their skills regarding mental health and suicide prevention in their area.",
        ],
    },
    # handbook lines 883-913 (objectives 894-913); the heading is "Family Team
    # Decision-Making (FTDM) Overview". Lines 886-887 also recommend, but do
    # not require, the complete 18 hour FTDM training for all Parent Partners
    # and the Coordinator when possible (not a catalogue requirement).
    {
        "number": 9,
        "name": "Family Team Decision-Making Overview",
        "short_name": "FTDM",
        "required_before_mentoring": False,
        "required_within_first_year": True,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Gain the initial understanding and overview of FTDM needed to mentor families.",
            "Recognize that all families have strengths.",
            "Treat all families with dignity and respect.",
            "Understand that families can make well-informed decisions about keeping their children safe.",
            "Encourage and support families to make decisions and plans.",
            "Improve outcomes by involving families in the decision-making process.",
            "Use a strength-based approach instead of a deficit-based model.",
            "Produce positive solutions for change with a team approach.",
            "Be open and honest with the family and staff.",
            "Accept families' definition of their members, which may extend beyond the primary birth family.",
            "Meet the unique situations and needs of the families with individualized plans.",
            "Implement non-conventional and creative solutions.",
            "Respect that, if child abuse or child neglect is involved, the child "
            "welfare agency approves the plan based on safety, permanency, and "
            "stability for the child/ren.",
            "Enhance family plans with FTDMs throughout the life of the case.",
        ],
    },
    # handbook lines 916-928. The handbook states NO "Training ensures ..."
    # objectives list for this training; the entries below restate its prose
    # about the trainer's knowledge (lines 918-921) and the scope of the
    # training (lines 923-926) as objective sentences.
    {
        "number": 10,
        "name": "Cultural Competency",
        "short_name": "Cultural Competency",
        "required_before_mentoring": False,
        "required_within_first_year": True,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Address a particular cultural issue within or pertinent to the local "
            "site's coverage area, including state, domestic, foreign, and/or "
            "global interests.",
            "Not be limited to race, but may include ethnic background, religion, "
            "gender identity, sexual preference, economic status, single "
            "parenting, lack of natural and/or professional resources, extended "
            "family connections and other family dynamics, blindness, rural vs. "
            "urban living, etc.",
        ],
    },
    # handbook lines 931-948 (objectives 938-948)
    {
        "number": 11,
        "name": "Substance Abuse",
        "short_name": "Substance Abuse",
        "required_before_mentoring": False,
        "required_within_first_year": True,
        "minimum_hours": 2,
        "co_trainers_required": False,
        "objectives": [
            "Learn what addiction is.",
            "Differentiate between manifested addiction within men and women.",
            "Recognize a connection between substance abuse and mental illness.",
            "Identify the impact of substance use and abuse, and of the production of methamphetamines, on children.",
            "Learn about effective treatment and recovery.",
            "Recognize readiness to change.",
            "Motivate parents into treatment and enhance treatment readiness.",
            "Support recovery and enhance treatment effectiveness.",
        ],
    },
]

# Shadowing list of R-ROLE-4: handbook lines 187-194 (section C, role II,
# Parent Partner in Training Mentoring): the candidate "must [have] shadowed
# and demonstrated skills with Veteran Parent Partners [observing] the
# following activities".
SHADOWING_ITEMS = [
    # handbook line 190
    {"code": "juvenile_cina_court_process", "name": "Juvenile/CINA court process", "always_required": True},
    # handbook line 191
    {"code": "family_team_decision_meeting", "name": "Family Team Decision Meeting", "always_required": True},
    # handbook line 192
    {"code": "face_to_face_visit", "name": "Face to Face visit", "always_required": True},
    # handbook line 193: "(if applicable)"
    {"code": "family_treatment_court", "name": "Family Treatment Court", "always_required": False},
    # handbook line 194: "Removal Conference (PRC) - (if applicable)"
    {"code": "removal_conference", "name": "Removal Conference (PRC)", "always_required": False},
]


def load(training_model, shadowing_item_model) -> None:
    """Create the trainings and shadowing activities that are missing; never overwrite what a
    statewide coordinator edited. Takes the model classes so the data migration can pass its own."""
    fields = (
        "name",
        "short_name",
        "required_before_mentoring",
        "required_within_first_year",
        "minimum_hours",
        "co_trainers_required",
        "objectives",
    )
    for row in TRAININGS:
        training_model.objects.get_or_create(number=row["number"], defaults={key: row[key] for key in fields})
    for order, row in enumerate(SHADOWING_ITEMS):
        shadowing_item_model.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "always_required": row["always_required"], "order": order}
        )
