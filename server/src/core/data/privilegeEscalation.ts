/**
 * Known AWS IAM privilege-escalation paths.
 *
 * Each entry lists the IAM actions that must ALL be allowed (on suitable
 * resources) for the path to work, a short explanation in our own words and
 * the public research that describes it. A rule can report a path when a
 * single policy (or a set of policies for one principal) allows every action
 * in `actions`, typically with `Resource: "*"` or on privileged targets.
 *
 * Main sources:
 * - Rhino Security Labs, "AWS Privilege Escalation – Methods and Mitigation"
 *   (parts 1 and 2) and the CodeStar follow-up; summary repository
 *   github.com/RhinoSecurityLabs/AWS-IAM-Privilege-Escalation.
 * - Bishop Fox "IAM Vulnerable" (github.com/BishopFox/iam-vulnerable), which
 *   added CodeBuild, SageMaker job, SSM and EC2 Instance Connect paths.
 * - HackTricks Cloud, AWS privilege escalation section, for the ECS, Glue job,
 *   Auto Scaling, Step Functions, App Runner and boundary-removal paths.
 */

export interface EscalationPath {
  id: string;
  /** All of these are needed together. Exact IAM action spelling. */
  actions: readonly string[];
  description: string;
  source: string;
}

const RHINO_1: string = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';
const RHINO_2: string = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/';
const RHINO_CODESTAR: string = 'https://rhinosecuritylabs.com/aws/escalating-aws-iam-privileges-undocumented-codestar-api/';
const RHINO_REPO: string = 'https://github.com/RhinoSecurityLabs/AWS-IAM-Privilege-Escalation';
const BISHOP_FOX: string = 'https://github.com/BishopFox/iam-vulnerable';
const HACKTRICKS: string = 'https://cloud.hacktricks.wiki/en/pentesting-cloud/aws-security/aws-privilege-escalation/index.html';

export const escalationPaths: readonly EscalationPath[] = [
  // --- Rewriting IAM policies -------------------------------------------------------
  {
    id: 'iam-create-policy-version',
    actions: ['iam:CreatePolicyVersion'],
    description: 'Write a new version of a customer managed policy that is already attached to you and make it the default in the same call (--set-as-default needs no extra permission), granting yourself anything.',
    source: RHINO_1,
  },
  {
    id: 'iam-set-default-policy-version',
    actions: ['iam:SetDefaultPolicyVersion'],
    description: 'Switch an attached managed policy back (or forward) to a non-default version that grants more than the current one.',
    source: RHINO_1,
  },
  {
    id: 'iam-attach-user-policy',
    actions: ['iam:AttachUserPolicy'],
    description: 'Attach any managed policy, such as AdministratorAccess, to your own user.',
    source: RHINO_1,
  },
  {
    id: 'iam-attach-group-policy',
    actions: ['iam:AttachGroupPolicy'],
    description: 'Attach any managed policy to a group you belong to.',
    source: RHINO_1,
  },
  {
    id: 'iam-attach-role-policy',
    actions: ['iam:AttachRolePolicy'],
    description: 'Attach any managed policy to a role you can use (your own session role or one you can assume).',
    source: RHINO_1,
  },
  {
    id: 'iam-put-user-policy',
    actions: ['iam:PutUserPolicy'],
    description: 'Write an inline policy with arbitrary permissions onto your own user.',
    source: RHINO_1,
  },
  {
    id: 'iam-put-group-policy',
    actions: ['iam:PutGroupPolicy'],
    description: 'Write an inline policy with arbitrary permissions onto a group you belong to.',
    source: RHINO_1,
  },
  {
    id: 'iam-put-role-policy',
    actions: ['iam:PutRolePolicy'],
    description: 'Write an inline policy with arbitrary permissions onto a role you can use.',
    source: RHINO_1,
  },
  {
    id: 'iam-add-user-to-group',
    actions: ['iam:AddUserToGroup'],
    description: 'Put yourself into a more privileged group (e.g. an admins group) and inherit its policies.',
    source: RHINO_1,
  },
  {
    id: 'iam-delete-user-permissions-boundary',
    actions: ['iam:DeleteUserPermissionsBoundary'],
    description: 'Remove the permissions boundary that caps your user, so its broader identity policies take full effect.',
    source: HACKTRICKS,
  },
  {
    id: 'iam-delete-role-permissions-boundary',
    actions: ['iam:DeleteRolePermissionsBoundary'],
    description: 'Remove the permissions boundary from a role you use, lifting the cap on its identity policies.',
    source: HACKTRICKS,
  },
  {
    id: 'iam-put-user-permissions-boundary',
    actions: ['iam:PutUserPermissionsBoundary'],
    description: 'Replace your user\'s permissions boundary with a looser managed policy.',
    source: HACKTRICKS,
  },
  {
    id: 'iam-put-role-permissions-boundary',
    actions: ['iam:PutRolePermissionsBoundary'],
    description: 'Replace a role\'s permissions boundary with a looser managed policy.',
    source: HACKTRICKS,
  },

  // --- Taking over other identities ---------------------------------------------------
  {
    id: 'iam-create-access-key',
    actions: ['iam:CreateAccessKey'],
    description: 'Mint access keys for another (more privileged) IAM user and act as that user. Works while the user has fewer than two keys.',
    source: RHINO_1,
  },
  {
    id: 'iam-create-login-profile',
    actions: ['iam:CreateLoginProfile'],
    description: 'Set a console password on another user that has none and sign in as them.',
    source: RHINO_1,
  },
  {
    id: 'iam-update-login-profile',
    actions: ['iam:UpdateLoginProfile'],
    description: 'Reset the console password of another user and sign in as them.',
    source: RHINO_1,
  },
  {
    id: 'iam-update-assume-role-policy',
    actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
    description: 'Rewrite a privileged role\'s trust policy so that it trusts you, then assume it.',
    source: RHINO_1,
  },

  // --- Passing a role to compute you control -------------------------------------------
  {
    id: 'ec2-run-instances-passrole',
    actions: ['iam:PassRole', 'ec2:RunInstances'],
    description: 'Launch an instance you can log in to (or whose user data you control) with a privileged instance profile, then read the role credentials from the instance metadata service.',
    source: RHINO_1,
  },
  {
    id: 'ec2-request-spot-instances-passrole',
    actions: ['iam:PassRole', 'ec2:RequestSpotInstances'],
    description: 'Same as RunInstances but through a Spot request: the launched instance carries the passed instance profile and runs your user data.',
    source: HACKTRICKS,
  },
  {
    id: 'ec2-modify-user-data',
    actions: ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    description: 'Stop an existing instance that has a privileged role, replace its user data with your script, and start it again so the script runs with the role.',
    source: HACKTRICKS,
  },
  {
    id: 'autoscaling-launch-configuration-passrole',
    actions: ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
    description: 'Create a launch configuration with a privileged instance profile and your user data, then an Auto Scaling group that launches it.',
    source: HACKTRICKS,
  },
  {
    id: 'autoscaling-launch-template-passrole',
    actions: ['iam:PassRole', 'ec2:CreateLaunchTemplate', 'autoscaling:CreateAutoScalingGroup'],
    description: 'Same idea with a launch template: the group launches instances that run your code under the passed role.',
    source: HACKTRICKS,
  },
  {
    id: 'lambda-create-invoke-passrole',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
    description: 'Create a function that runs your code with a privileged execution role and invoke it.',
    source: RHINO_1,
  },
  {
    id: 'lambda-create-add-permission-passrole',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission'],
    description: 'Create a function with a privileged role and add a resource policy that lets another account (yours) invoke it, so InvokeFunction is not needed.',
    source: RHINO_REPO,
  },
  {
    id: 'lambda-create-event-source-passrole',
    actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    description: 'Create a function with a privileged role and wire it to an event source (e.g. a DynamoDB stream you can write to) so AWS invokes it for you. Often also needs dynamodb:CreateTable / dynamodb:PutItem.',
    source: RHINO_1,
  },
  {
    id: 'lambda-update-function-code',
    actions: ['lambda:UpdateFunctionCode'],
    description: 'Replace the code of an existing function that has a privileged role; your code runs with that role on the next invocation.',
    source: RHINO_1,
  },
  {
    id: 'lambda-update-function-configuration',
    actions: ['lambda:UpdateFunctionConfiguration'],
    description: 'Attach a layer (or change environment/handler settings) to an existing privileged function so your code is loaded and runs with its role.',
    source: RHINO_2,
  },
  {
    id: 'glue-create-dev-endpoint-passrole',
    actions: ['iam:PassRole', 'glue:CreateDevEndpoint'],
    description: 'Create a Glue development endpoint with a privileged role and your SSH key, log in and use the role credentials.',
    source: RHINO_1,
  },
  {
    id: 'glue-update-dev-endpoint',
    actions: ['glue:UpdateDevEndpoint'],
    description: 'Put your SSH public key on an existing Glue development endpoint and use the role attached to it.',
    source: RHINO_1,
  },
  {
    id: 'glue-create-job-passrole',
    actions: ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun'],
    description: 'Create a Glue job whose script you control with a privileged role, then run it.',
    source: HACKTRICKS,
  },
  {
    id: 'cloudformation-create-stack-passrole',
    actions: ['iam:PassRole', 'cloudformation:CreateStack'],
    description: 'Create a stack with a privileged service role; CloudFormation then creates whatever the template says (e.g. an admin user) with that role.',
    source: RHINO_1,
  },
  {
    id: 'cloudformation-update-stack',
    actions: ['cloudformation:UpdateStack'],
    description: 'Update an existing stack that already has a privileged service role with a template of your choice; the role performs the changes.',
    source: BISHOP_FOX,
  },
  {
    id: 'datapipeline-passrole',
    actions: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
    description: 'Create a Data Pipeline whose definition runs your commands with a privileged role (it still has to be activated to run).',
    source: RHINO_1,
  },
  {
    id: 'codebuild-create-project-passrole',
    actions: ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild'],
    description: 'Create a CodeBuild project with a privileged service role and a buildspec you control, then start a build.',
    source: BISHOP_FOX,
  },
  {
    id: 'codebuild-start-build-override',
    actions: ['codebuild:StartBuild'],
    description: 'Start a build of an existing project with a privileged role while overriding its buildspec, so your commands run with that role.',
    source: HACKTRICKS,
  },
  {
    id: 'ecs-run-task-passrole',
    actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    description: 'Register a task definition with a privileged task role and a container you control, then run it and use the role from inside the task.',
    source: HACKTRICKS,
  },
  {
    id: 'ecs-create-service-passrole',
    actions: ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    description: 'Same as RunTask, but a service keeps the malicious task running.',
    source: HACKTRICKS,
  },
  {
    id: 'states-create-state-machine-passrole',
    actions: ['iam:PassRole', 'states:CreateStateMachine', 'states:StartExecution'],
    description: 'Create a Step Functions state machine with a privileged role whose tasks call AWS APIs directly (SDK integrations), then execute it.',
    source: HACKTRICKS,
  },
  {
    id: 'apprunner-create-service-passrole',
    actions: ['iam:PassRole', 'apprunner:CreateService'],
    description: 'Deploy an App Runner service with a privileged instance role running code you control.',
    source: HACKTRICKS,
  },
  {
    id: 'sagemaker-create-notebook-passrole',
    actions: ['iam:PassRole', 'sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
    description: 'Create a notebook instance with a privileged role, open it through a presigned URL and use the role from the Jupyter terminal.',
    source: RHINO_2,
  },
  {
    id: 'sagemaker-presigned-notebook-url',
    actions: ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    description: 'Open an existing notebook instance that has a privileged role and use its credentials from Jupyter.',
    source: RHINO_2,
  },
  {
    id: 'sagemaker-create-training-job-passrole',
    actions: ['iam:PassRole', 'sagemaker:CreateTrainingJob'],
    description: 'Run a training job whose container you control under a privileged role.',
    source: BISHOP_FOX,
  },
  {
    id: 'sagemaker-create-processing-job-passrole',
    actions: ['iam:PassRole', 'sagemaker:CreateProcessingJob'],
    description: 'Run a processing job whose container you control under a privileged role.',
    source: BISHOP_FOX,
  },
  {
    id: 'codestar-create-project-from-template',
    actions: ['codestar:CreateProjectFromTemplate'],
    description: 'Use the (formerly undocumented) CodeStar template API to create a project whose CloudFormation role deploys resources and grants project-owner permissions.',
    source: RHINO_CODESTAR,
  },
  {
    id: 'codestar-create-project-passrole',
    actions: ['iam:PassRole', 'codestar:CreateProject'],
    description: 'Create a CodeStar project with a privileged service role that then deploys resources of your choosing.',
    source: RHINO_CODESTAR,
  },
  {
    id: 'codestar-associate-team-member',
    actions: ['codestar:CreateProject', 'codestar:AssociateTeamMember'],
    description: 'Create a CodeStar project and add yourself as its Owner, which attaches the project\'s owner policy to you.',
    source: RHINO_CODESTAR,
  },

  // --- Reaching credentials on running machines -----------------------------------------
  {
    id: 'ssm-send-command',
    actions: ['ssm:SendCommand'],
    description: 'Run commands on a managed instance and read its instance-profile credentials.',
    source: BISHOP_FOX,
  },
  {
    id: 'ssm-start-session',
    actions: ['ssm:StartSession'],
    description: 'Open a Session Manager shell on a managed instance and use its instance-profile credentials.',
    source: BISHOP_FOX,
  },
  {
    id: 'ec2-instance-connect-send-ssh-key',
    actions: ['ec2-instance-connect:SendSSHPublicKey'],
    description: 'Push a temporary SSH key to an instance (if reachable over the network) and read its role credentials.',
    source: BISHOP_FOX,
  },
];

/** The action that appears in most paths; a useful trigger for detailed checks. */
export const passRoleAction: string = 'iam:PassRole';
