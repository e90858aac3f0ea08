def test_the_recruitment_world_builds(recruitment):
    assert recruitment.application.stage == "conditional_offer"
    assert recruitment.support.application == recruitment.unsuccessful
