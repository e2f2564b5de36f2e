"""What the Panel said about the Kent review in its letter of 6 February 2014, and the review's action plan."""

import datetime

from submissions.enums import NationalBody, RecommendationScope

COMMENDATION = (
    "The QA Panel would like to commend you on this report, which the QA Panel felt demonstrated "
    "a good understanding of domestic violence."
)

ISSUES = [
    'Paragraph 5.12 of Executive Summary which states there is "...no concrete evidence that either '
    "Christopher or Elizabeth displayed any real desire to change their lifestyle in order to reduce the "
    'risks that they posed to each other and their children", could appear to a reader to be victim '
    "blaming. The Panel considered the text could be amended to ensure it remains victim focussed;",
    "The Panel considered that including some more text that explores the role of the other relevant "
    "agencies would be helpful; and,",
    "Please explicitly draw out the links between the recommendations in the report and the Action Plan, "
    "to support proper governance to monitor the progress of the Community Safety Partnership on each of "
    "the recommendations.",
]

NATIONAL_RESPONSES = [
    ([3], "Action three will be communicated to Ministry of Justice colleagues, and they will explore your "
          "suggestion regarding strategic level engagement with Probation Trusts. A response will be sent "
          "directly to you following their consideration."),
    ([4], 'The QA Panel also noted Action four which suggested that "The Home Office...consider issuing '
          "guidance to police forces regarding [the] transfer of information between police forces when "
          'victims and offenders involved in domestic abuse move". The Police National Database already '
          "enables users to access all events records relating to domestic incidents regardless of location, "
          "or place of residence. We will discuss with the College of Policing whether further guidance or "
          "training is needed to ensure police use the system to its fullest capability."),
    ([5, 6, 8], "On actions five, six, and eight regarding the Home Office working at national level with "
                "health colleagues, including mental health, the QA Panel consider that the Statutory Guidance "
                "clearly sets out the responsibilities of such statutory agencies, to assist in the DHR process "
                "to produce the most effective review possible. For example, the Clinical Commissioning Groups, "
                "and the NHS England. The Home Office will discuss with the relevant health agencies at a "
                "national level, to promote improved engagement with this process."),
    ([7], "On action seven, that recommends the Home Office issues guidance regarding the involvement in the "
          "DHR of persons convicted of domestic homicide, who have been victims of domestic abuse, the "
          '"Home Office Domestic Homicide Review Toolkit Guide to Overview Report Writing" should assist, as '
          'it suggests the Chairs should do their "...best to hear from the victim\'s family, the perpetrator '
          "and from others who might have known, such as friends, colleagues, employer and those in the local "
          'community". The Guide can be found at:\n\n'
          "https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/143782/dhr-report-guide.pdf"
          "\n\nAlso, where the Chair wishes to interview the perpetrator potential disclosure issues should be "
          "discussed with the police Senior Investigating Officer, the CPS and the Coroner representative as "
          "appropriate as set out in section nine of the Statutory Guidance."),
]


def _recommendation(number, text, scope, body="", lead="", action=""):
    return dict(number=str(number), text=text, scope=scope, national_body=body, national_body_other="",
                lead_agency=lead, action=action, target_date=datetime.date(2014, 12, 31) if lead else None)


LOCAL, NATIONAL = RecommendationScope.LOCAL, RecommendationScope.NATIONAL
# The action plan's rows as the letter describes them; actions three to eight are national.
RECOMMENDATIONS = [
    _recommendation(1, "Agencies should share information about domestic abuse risk at the earliest opportunity.",
                    LOCAL, lead="Kent Community Safety Partnership", action="Review the information-sharing protocol"),
    _recommendation(2, "Practitioners should receive training on coercive and controlling behaviour.",
                    LOCAL, lead="Kent and Medway Safeguarding Board", action="Commission multi-agency training"),
    _recommendation(3, "Strategic level engagement of Probation Trusts in Domestic Homicide Reviews.",
                    NATIONAL, NationalBody.MINISTRY_OF_JUSTICE),
    _recommendation(4, "The Home Office should consider issuing guidance to police forces regarding the transfer "
                       "of information between police forces when victims and offenders involved in domestic "
                       "abuse move.", NATIONAL, NationalBody.HOME_OFFICE),
    _recommendation(5, "The Home Office should work at national level with health colleagues on their part in "
                       "Domestic Homicide Reviews.", NATIONAL, NationalBody.DHSC),
    _recommendation(6, "Mental health services should be engaged in Domestic Homicide Reviews.",
                    NATIONAL, NationalBody.NHS_ENGLAND),
    _recommendation(7, "The Home Office should issue guidance on involving in the review persons convicted of "
                       "domestic homicide who have been victims of domestic abuse.", NATIONAL, NationalBody.HOME_OFFICE),
    _recommendation(8, "Clinical Commissioning Groups should take part in Domestic Homicide Reviews.",
                    NATIONAL, NationalBody.NHS_ENGLAND),
]
