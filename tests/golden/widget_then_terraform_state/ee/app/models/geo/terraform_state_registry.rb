# frozen_string_literal: true

class Geo::TerraformStateRegistry < Geo::BaseRegistry
  include Geo::StateMachineRegistry

  belongs_to :terraform_state, class_name: 'Terraform::State'
end
